package io.duckdock.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists the committed files of the staging directory, oldest first; hidden names are never listed. */
public final class StagingScanner {
    private static final Comparator<StagedFile> OLDEST_FIRST =
            Comparator.comparing(StagedFile::modified).thenComparing(StagedFile::name);

    private StagingScanner() {
    }

    /** Whether a name is a producer's temporary file (leading '_' or '.'); those are never ingested. */
    public static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    public static List<StagedFile> list(Path stagingDir) {
        List<StagedFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stagingDir)) {
            for (Path entry : entries) {
                if (isHidden(entry.getFileName().toString())) {
                    continue;
                }
                try {
                    BasicFileAttributes link = Files.readAttributes(entry, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (link.isDirectory()) {
                        continue;
                    }
                    long size = link.size();
                    if (link.isSymbolicLink() && Files.exists(entry)) {
                        size = Files.size(entry);
                    }
                    files.add(new StagedFile(entry, size,
                            link.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS),
                            link.isSymbolicLink()));
                } catch (NoSuchFileException vanished) {
                    // moved away by someone else between listing and reading; nothing to do
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the staging directory " + stagingDir, e);
        }
        files.sort(OLDEST_FIRST);
        return files;
    }
}
