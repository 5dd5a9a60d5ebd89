package io.duckdock.ingest.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Local copies of remote staged files, for DuckDB, which reads only local files. A copy is made in
 * the same single read that fingerprints the file; the ingester empties the spool at the start of
 * every run (a crash's leftovers) and after every batch, whatever the batch's outcome.
 */
public final class Spool {
    private final Path dir;
    private final AtomicLong sequence = new AtomicLong();

    public Spool(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** A new, not yet existing file in the spool; plain names, so DuckDB never reads one as a glob. */
    public Path newFile() throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(sequence.incrementAndGet() + ".parquet");
    }

    /** Deletes everything in the spool, keeping the directory. */
    public void clear() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                if (!entry.equals(dir)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }
}
