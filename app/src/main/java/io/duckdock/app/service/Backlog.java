package io.duckdock.app.service;

import io.duckdock.ingest.StagedFile;
import io.duckdock.ingest.StagingScanner;
import io.duckdock.ingest.storage.Directory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The committed files waiting in staging.
 *
 * @param oldestAgeSeconds age of the oldest waiting file; 0 when staging is empty
 * @param oldestFile name of the oldest waiting file; null when staging is empty
 */
public record Backlog(long files, long bytes, double oldestAgeSeconds, String oldestFile) {

    /** Lists {@code staging} now; hidden (in-progress) files are not counted. */
    public static Backlog scan(Path staging, Instant now) {
        return scan(Directory.local(staging), now);
    }

    /** Lists a local or remote {@code staging} now; hidden (in-progress) files are not counted. */
    public static Backlog scan(Directory staging, Instant now) {
        List<StagedFile> waiting = StagingScanner.list(staging);
        if (waiting.isEmpty()) {
            return new Backlog(0, 0, 0, null);
        }
        long bytes = waiting.stream().mapToLong(StagedFile::size).sum();
        StagedFile oldest = waiting.get(0);
        Duration age = Duration.between(oldest.modified(), now);
        return new Backlog(waiting.size(), bytes, Math.max(0, age.toMillis()) / 1000.0, oldest.name());
    }
}
