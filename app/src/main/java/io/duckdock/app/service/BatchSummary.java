package io.duckdock.app.service;

import io.duckdock.ingest.BatchResult;
import io.duckdock.ingest.history.IngestHistory;

/** One committed batch as shown by {@code /status} and {@code duckdock status}. */
public record BatchSummary(
        long batchId, String finishedAt, int files, int rejected, long events, long bytes, long durationMs) {

    static BatchSummary of(BatchResult batch) {
        return of(IngestHistory.Batch.of(batch));
    }

    static BatchSummary of(IngestHistory.Batch batch) {
        return new BatchSummary(
                batch.batchId(),
                batch.finishedAt().toString(),
                batch.filesIngested(),
                batch.filesRejected(),
                batch.eventsIngested(),
                batch.bytesIngested(),
                batch.duration().toMillis());
    }
}
