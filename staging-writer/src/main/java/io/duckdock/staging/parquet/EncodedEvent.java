package io.duckdock.staging.parquet;

/** A view of one event in {@link EncodedEvents}, moved from event to event while writing. */
final class EncodedEvent {
    byte[] bytes;
    int offset;
}
