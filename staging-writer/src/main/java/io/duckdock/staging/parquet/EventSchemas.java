package io.duckdock.staging.parquet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** The Avro schemas of staged event files, loaded from versioned resources. */
public final class EventSchemas {
    /** Resource of the current schema. */
    public static final String V1_RESOURCE = "/io/duckdock/staging/event-v1.avsc";

    private static final Schema V1 = load(V1_RESOURCE);

    private EventSchemas() {}

    /** Version 1: event_id, conversation_id, experiment_id, event_type, timestamp, event_data. */
    public static Schema v1() {
        return V1;
    }

    private static Schema load(String resource) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read schema resource " + resource, e);
        }
    }
}
