package io.duckdock.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One committed batch, as recorded in {@code ingest_batches}.
 *
 * @param firstOffset first event_offset stored, null when no event was stored
 * @param lastOffset  last event_offset stored, null when no event was stored
 * @param numbering   how the events were numbered ({@code window}, {@code file-groups}; {@code none} without events)
 */
public record BatchResult(
        long batchId,
        Instant startedAt,
        Instant finishedAt,
        int filesIngested,
        int filesRejected,
        int filesDuplicate,
        long eventsIngested,
        long eventsDeduplicated,
        long bytesIngested,
        Long firstOffset,
        Long lastOffset,
        List<FileOutcome> files,
        String numbering) {

    public BatchResult {
        files = List.copyOf(files);
    }

    static BatchResult of(
            long batchId,
            Instant startedAt,
            Instant finishedAt,
            List<FileOutcome> outcomes,
            long inserted,
            Long firstOffset,
            Long lastOffset,
            String numbering) {
        int ingested = 0;
        int rejected = 0;
        int duplicate = 0;
        long rows = 0;
        long bytes = 0;
        for (FileOutcome outcome : outcomes) {
            switch (outcome.status()) {
                case INGESTED -> {
                    ingested++;
                    rows += outcome.rows();
                    bytes += outcome.file().size();
                }
                case REJECTED -> rejected++;
                case DUPLICATE -> duplicate++;
            }
        }
        return new BatchResult(
                batchId,
                startedAt,
                finishedAt,
                ingested,
                rejected,
                duplicate,
                inserted,
                rows - inserted,
                bytes,
                firstOffset,
                lastOffset,
                outcomes,
                numbering);
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** {@code ok}, or {@code partial} when some files were rejected. */
    public String outcome() {
        return filesRejected == 0 ? "ok" : "partial";
    }
}
