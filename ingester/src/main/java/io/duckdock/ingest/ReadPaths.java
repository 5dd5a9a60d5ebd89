package io.duckdock.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The path DuckDB is given for a staged file. DuckDB treats {@code * ? [ ] { }} in a path as a
 * glob, so a file whose path holds one is read through a symbolic link with a plain name in a
 * hidden working folder. Names are never spliced into SQL either way: paths are bound parameters.
 */
final class ReadPaths implements AutoCloseable {
    private static final String GLOB_CHARACTERS = "*?[]{}";

    private final Path aliasDir;

    ReadPaths(Path aliasDir) {
        this.aliasDir = aliasDir;
    }

    String readPathFor(Path file, int index) {
        String path = file.toAbsolutePath().toString();
        if (path.chars().noneMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
            return path;
        }
        try {
            Files.createDirectories(aliasDir);
            Path alias = aliasDir.resolve(index + ".parquet");
            Files.deleteIfExists(alias);
            Files.createSymbolicLink(alias, file.toAbsolutePath());
            return alias.toString();
        } catch (IOException e) {
            throw new IngestException(
                    "Cannot prepare " + file + " for reading (its name holds glob characters): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!Files.exists(aliasDir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(aliasDir)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new IngestException("Cannot clean the working folder " + aliasDir + ": " + e.getMessage(), e);
        }
    }
}
