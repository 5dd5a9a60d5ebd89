package io.duckdock.ingest;

import java.time.Duration;
import java.util.List;

/**
 * What one {@link Ingester#runOnce} did.
 *
 * @param batches       the committed batches, in order
 * @param filesDeferred files left in staging because they may still be being written (ingest.settle-time)
 *     or cannot be read at all (no permission, an I/O error; each named in a WARN line)
 * @param filesMoved    files whose move out of staging an earlier, interrupted run had left undone
 * @param elapsed       wall time of the run
 */
public record IngestReport(List<BatchResult> batches, int filesDeferred, int filesMoved, Duration elapsed) {
    public IngestReport {
        batches = List.copyOf(batches);
    }

    public long eventsIngested() {
        return batches.stream().mapToLong(BatchResult::eventsIngested).sum();
    }

    public long eventsDeduplicated() {
        return batches.stream().mapToLong(BatchResult::eventsDeduplicated).sum();
    }

    public int filesIngested() {
        return batches.stream().mapToInt(BatchResult::filesIngested).sum();
    }

    public int filesRejected() {
        return batches.stream().mapToInt(BatchResult::filesRejected).sum();
    }

    public int filesDuplicate() {
        return batches.stream().mapToInt(BatchResult::filesDuplicate).sum();
    }

    public long bytesIngested() {
        return batches.stream().mapToLong(BatchResult::bytesIngested).sum();
    }

    public List<FileOutcome> rejectedFiles() {
        return batches.stream()
                .flatMap(b -> b.files().stream())
                .filter(f -> f.status() == FileStatus.REJECTED)
                .toList();
    }
}
