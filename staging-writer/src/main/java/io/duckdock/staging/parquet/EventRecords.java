package io.duckdock.staging.parquet;

import io.duckdock.staging.Event;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Converts events to Avro records of {@link EventSchemas#v1()}. */
public final class EventRecords {
    private static final Schema SCHEMA = EventSchemas.v1();
    private static final int EVENT_ID = SCHEMA.getField("event_id").pos();
    private static final int CONVERSATION_ID =
            SCHEMA.getField("conversation_id").pos();
    private static final int EXPERIMENT_ID = SCHEMA.getField("experiment_id").pos();
    private static final int EVENT_TYPE = SCHEMA.getField("event_type").pos();
    private static final int TIMESTAMP = SCHEMA.getField("timestamp").pos();
    private static final int EVENT_DATA = SCHEMA.getField("event_data").pos();

    private EventRecords() {}

    public static GenericRecord toRecord(Event event) {
        GenericData.Record record = new GenericData.Record(SCHEMA);
        record.put(EVENT_ID, event.eventId().toString());
        record.put(CONVERSATION_ID, event.conversationId());
        record.put(EXPERIMENT_ID, event.experimentId().orElse(null));
        record.put(EVENT_TYPE, event.eventType());
        record.put(TIMESTAMP, event.timestampMicros());
        record.put(EVENT_DATA, event.eventData().orElse(null));
        return record;
    }
}
