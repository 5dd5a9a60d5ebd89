package io.duckdock.staging.parquet;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link EncodedEvents} straight to Parquet's record consumer, without building an Avro
 * record per event (and without formatting each UUID as text for Avro to parse it back). The file is the one
 * {@code AvroParquetWriter} writes for {@link EventSchemas#v1()}: the same Parquet schema, derived
 * from the Avro schema by parquet-avro, and the Avro schema in the footer under
 * {@code parquet.avro.schema}, so Avro readers read it as before.
 */
final class EventWriteSupport extends WriteSupport<EncodedEvent> {
    /** Where parquet-avro keeps the Avro schema in the footer (its constant is not public). */
    static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";
    private static final Schema AVRO_SCHEMA = EventSchemas.v1();
    static final MessageType SCHEMA = parquetSchema();

    private static final String EVENT_ID = "event_id";
    private static final String CONVERSATION_ID = "conversation_id";
    private static final String EXPERIMENT_ID = "experiment_id";
    private static final String EVENT_TYPE = "event_type";
    private static final String TIMESTAMP = "timestamp";
    private static final String EVENT_DATA = "event_data";

    private RecordConsumer consumer;

    private static MessageType parquetSchema() {
        PlainParquetConfiguration configuration = new PlainParquetConfiguration();
        configuration.setBoolean(AvroWriteSupport.WRITE_PARQUET_UUID, true);
        return new AvroSchemaConverter(configuration).convert(AVRO_SCHEMA);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return context();
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return context();
    }

    private static WriteContext context() {
        return new WriteContext(SCHEMA, Map.of(AVRO_SCHEMA_KEY, AVRO_SCHEMA.toString()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(EncodedEvent event) {
        byte[] bytes = event.bytes;
        int position = event.offset;
        consumer.startMessage();
        consumer.startField(EVENT_ID, 0);
        // Reused: Parquet copies what it keeps (statistics, dictionary entries).
        consumer.addBinary(Binary.fromReusedByteArray(bytes, position, 16));
        consumer.endField(EVENT_ID, 0);
        long timestamp = (long) EncodedEvents.LONG.get(bytes, position + EncodedEvents.TIMESTAMP_OFFSET);
        position += 24;
        position = text(CONVERSATION_ID, 1, bytes, position);
        position = text(EXPERIMENT_ID, 2, bytes, position);
        position = text(EVENT_TYPE, 3, bytes, position);
        consumer.startField(TIMESTAMP, 4);
        consumer.addLong(timestamp);
        consumer.endField(TIMESTAMP, 4);
        text(EVENT_DATA, 5, bytes, position);
        consumer.endMessage();
    }

    /** Writes the text at {@code position}; a null value is written by leaving the field out. */
    private int text(String field, int index, byte[] bytes, int position) {
        int length = (int) EncodedEvents.INT.get(bytes, position);
        position += 4;
        if (length < 0) {
            return position;
        }
        consumer.startField(field, index);
        consumer.addBinary(Binary.fromReusedByteArray(bytes, position, length));
        consumer.endField(field, index);
        return position + length;
    }
}
