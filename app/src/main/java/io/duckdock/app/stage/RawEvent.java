package io.duckdock.app.stage;

/**
 * The fields of one input record as text, before validation. A field absent from the input is
 * null.
 *
 * @param timestamp ISO-8601 text or whole epoch microseconds as digits
 * @param eventData JSON text
 */
record RawEvent(
        String eventId,
        String conversationId,
        String experimentId,
        String eventType,
        String timestamp,
        String eventData) {

    static final String EVENT_ID = "event_id";
    static final String CONVERSATION_ID = "conversation_id";
    static final String EXPERIMENT_ID = "experiment_id";
    static final String EVENT_TYPE = "event_type";
    static final String TIMESTAMP = "timestamp";
    static final String EVENT_DATA = "event_data";
}
