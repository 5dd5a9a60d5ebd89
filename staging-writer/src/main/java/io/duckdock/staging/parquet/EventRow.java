package io.duckdock.staging.parquet;

/**
 * One row of an event file, filled in place for each row written: the writer holds a file's events
 * in columns until the file is complete, and this carrier lets it write them without building an
 * object per event. Not thread-safe; {@link EventFileWriter#write} reads it before returning.
 */
public final class EventRow {
    long eventIdHigh;
    long eventIdLow;
    String conversationId;
    String experimentId;
    String eventType;
    long timestampMicros;
    String eventData;

    /**
     * @param eventIdHigh  the event id's most significant 64 bits
     * @param eventIdLow   its least significant 64 bits
     * @param experimentId null when absent
     * @param eventData    null when absent
     */
    public void set(
            long eventIdHigh,
            long eventIdLow,
            String conversationId,
            String experimentId,
            String eventType,
            long timestampMicros,
            String eventData) {
        this.eventIdHigh = eventIdHigh;
        this.eventIdLow = eventIdLow;
        this.conversationId = conversationId;
        this.experimentId = experimentId;
        this.eventType = eventType;
        this.timestampMicros = timestampMicros;
        this.eventData = eventData;
    }
}
