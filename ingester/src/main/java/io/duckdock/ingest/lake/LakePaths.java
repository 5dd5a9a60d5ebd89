package io.duckdock.ingest.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

/** Names under {@code <lake>/events/} and the rename that publishes a file. */
final class LakePaths {
    static final String EVENTS = "events";

    private final Path lake;

    LakePaths(Path lake) {
        this.lake = lake;
    }

    Path partition(LocalDate date) {
        return lake.resolve(EVENTS).resolve("event_date=" + date);
    }

    /** Path relative to the lake directory, as the ledger records it. */
    String relative(Path file) {
        return lake.relativize(file).toString().replace('\\', '/');
    }

    Path resolve(String relative) {
        return lake.resolve(relative);
    }

    static Path hidden(Path file, String suffix) {
        return file.resolveSibling("." + file.getFileName() + suffix);
    }

    /** A path quoted as a DuckDB string literal; paths are DuckDock-generated under the home. */
    static String literal(Path file) {
        return io.duckdock.ingest.sql.SqlText.literal(file.toString());
    }

    /**
     * Renames {@code from} to {@code to} atomically, replacing {@code to}.
     *
     * @throws IOException naming both paths when the rename fails; {@code from} is then deleted when
     *                     {@code deleteOnFailure}
     */
    static void rename(Path from, Path to, boolean deleteOnFailure) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure(from, to, e, deleteOnFailure);
        }
    }

    private static IOException failure(Path from, Path to, IOException cause, boolean delete) {
        IOException failure = new IOException("Failed to rename " + from + " to " + to + ": " + cause, cause);
        if (delete) {
            try {
                Files.deleteIfExists(from);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
        return failure;
    }
}
