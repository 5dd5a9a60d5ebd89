package io.duckdock.app.service;

import io.duckdock.ingest.BatchResult;

/** One committed batch as shown by {@code /status} and {@code duckdock status}. */
public record BatchSummary(
    long batchId,
    String finishedAt,
    int files,
    int rejected,
    long events,
    long bytes,
    long durationMs) {

  static BatchSummary of(BatchResult batch) {
    return new BatchSummary(
        batch.batchId(),
        batch.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString(),
        batch.filesIngested(),
        batch.filesRejected(),
        batch.eventsIngested(),
        batch.bytesIngested(),
        batch.duration().toMillis());
  }
}
