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
 * Writes events ({@link EventRow}) straight to Parquet's record consumer, without building an Avro record per
 * event (and without formatting each UUID as text for Avro to parse it back). The file is the one
 * {@code AvroParquetWriter} writes for {@link EventSchemas#v1()}: the same Parquet schema, derived
 * from the Avro schema by parquet-avro, and the Avro schema in the footer under
 * {@code parquet.avro.schema}, so Avro readers read it as before.
 */
final class EventWriteSupport extends WriteSupport<EventRow> {
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
    @SuppressWarnings("deprecation") // abstract in Parquet; the plain-configuration overload is the one used
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
    public void write(EventRow row) {
        consumer.startMessage();
        consumer.startField(EVENT_ID, 0);
        consumer.addBinary(Binary.fromConstantByteArray(bytes(row.eventIdHigh, row.eventIdLow)));
        consumer.endField(EVENT_ID, 0);
        text(CONVERSATION_ID, 1, row.conversationId);
        text(EXPERIMENT_ID, 2, row.experimentId);
        text(EVENT_TYPE, 3, row.eventType);
        consumer.startField(TIMESTAMP, 4);
        consumer.addLong(row.timestampMicros);
        consumer.endField(TIMESTAMP, 4);
        text(EVENT_DATA, 5, row.eventData);
        consumer.endMessage();
    }

    /** A null value of an optional column is written by leaving the field out. */
    private void text(String field, int index, String value) {
        if (value != null) {
            consumer.startField(field, index);
            consumer.addBinary(Binary.fromString(value));
            consumer.endField(field, index);
        }
    }

    /** Big-endian, as Parquet's UUID logical type stores it. */
    private static byte[] bytes(long msb, long lsb) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (msb >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return bytes;
    }
}
