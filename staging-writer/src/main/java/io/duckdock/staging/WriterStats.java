package io.duckdock.staging;

/**
 * Counters of one {@link StagingWriter} since it was built.
 *
 * @param eventsWritten events accepted by {@code write}, published or still buffered
 * @param filesPublished files renamed into place
 * @param bytesPublished total size of the published files
 */
public record WriterStats(long eventsWritten, long filesPublished, long bytesPublished) {}
