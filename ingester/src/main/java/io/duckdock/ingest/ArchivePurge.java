package io.duckdock.ingest;

import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the day folders {@code archive/<yyyy-MM-dd>/} (written by the ingester's file mover)
 * whose every file is older than {@code archive.retention}: a folder goes once the end of its day
 * (UTC) lies further back than the retention. Other names in the archive are never touched.
 */
public final class ArchivePurge {
    private static final Logger LOG = LoggerFactory.getLogger(ArchivePurge.class);

    private ArchivePurge() {}

    /** What one purge removed. */
    public record Result(int folders, long files, long bytes) {}

    /**
     * @throws IngestException naming the archive or the folder that could not be listed or deleted; the
     *                         next run retries
     */
    public static Result purge(Path archiveDir, Duration retention, Clock clock) {
        return purge(Directory.local(archiveDir), retention, clock);
    }

    /**
     * Purges a local or remote archive.
     *
     * @throws IngestException naming the archive or the folder that could not be listed or deleted; the
     *                         next run retries
     */
    public static Result purge(Directory archive, Duration retention, Clock clock) {
        Instant cutoff = clock.instant().minus(retention);
        int folders = 0;
        long files = 0;
        long bytes = 0;
        List<String> days;
        try {
            days = archive.directories();
        } catch (IOException e) {
            throw new IngestException(
                    "Cannot list the archive " + archive.location() + " (" + e.getMessage()
                            + "); the next purge retries it",
                    e);
        }
        for (String day : days) {
            LocalDate date = parse(day);
            if (date == null
                    || date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(cutoff)) {
                continue;
            }
            try {
                Directory.Removed removed = archive.deleteTree(day);
                files += removed.files();
                bytes += removed.bytes();
            } catch (IOException e) {
                throw new IngestException(
                        "Cannot delete the archive folder " + archive.pathOf(day) + " (" + e.getMessage()
                                + "); the next purge retries it",
                        e);
            }
            folders++;
        }
        if (folders > 0) {
            LOG.info(
                    "archive purge: deleted {} day folders ({} files, {} bytes) older than archive.retention {}",
                    folders,
                    files,
                    bytes,
                    retention);
        }
        return new Result(folders, files, bytes);
    }

    private static LocalDate parse(String name) {
        try {
            return LocalDate.parse(name);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
