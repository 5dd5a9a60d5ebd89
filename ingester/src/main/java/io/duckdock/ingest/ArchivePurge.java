package io.duckdock.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the day folders {@code archive/<yyyy-MM-dd>/} (written by the ingester's file mover)
 * whose every file is older than {@code archive.retention}: a folder goes once the end of its day
 * (UTC) lies further back than the retention. Other names in the archive are never touched.
 */
public final class ArchivePurge {
    private static final Logger LOG = LoggerFactory.getLogger(ArchivePurge.class);

    private ArchivePurge() {
    }

    /** What one purge removed. */
    public record Result(int folders, long files, long bytes) {
    }

    /**
     * @throws IngestException naming the archive or the folder that could not be listed or deleted; the
     *                         next run retries
     */
    public static Result purge(Path archiveDir, Duration retention, Clock clock) {
        Instant cutoff = clock.instant().minus(retention);
        int folders = 0;
        long[] filesAndBytes = new long[2];
        try (DirectoryStream<Path> days = Files.newDirectoryStream(archiveDir, Files::isDirectory)) {
            for (Path day : days) {
                LocalDate date = parse(day.getFileName().toString());
                if (date == null || date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(cutoff)) {
                    continue;
                }
                deleteFolder(day, filesAndBytes);
                folders++;
            }
        } catch (NoSuchFileException e) {
            return new Result(0, 0, 0);
        } catch (IOException e) {
            throw new IngestException("Cannot list the archive " + archiveDir + " (" + e.getMessage()
                    + "); the next purge retries it", e);
        }
        if (folders > 0) {
            LOG.info("archive purge: deleted {} day folders ({} files, {} bytes) older than archive.retention {}",
                    folders, filesAndBytes[0], filesAndBytes[1], retention);
        }
        return new Result(folders, filesAndBytes[0], filesAndBytes[1]);
    }

    private static LocalDate parse(String name) {
        try {
            return LocalDate.parse(name);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void deleteFolder(Path day, long[] filesAndBytes) {
        try (Stream<Path> entries = Files.walk(day)) {
            for (Path entry : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!Files.isDirectory(entry)) {
                    filesAndBytes[0]++;
                    filesAndBytes[1] += Files.size(entry);
                }
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new IngestException("Cannot delete the archive folder " + day + " (" + e.getMessage()
                    + "); the next purge retries it", e);
        }
    }
}
