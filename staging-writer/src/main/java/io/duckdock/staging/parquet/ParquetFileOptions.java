package io.duckdock.staging.parquet;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Parquet settings shared by the staging writer and the benchmark baseline.
 *
 * @param compression one of {@link #COMPRESSIONS}
 * @param rowGroupBytes target row group size; a whole row group is buffered in memory
 */
public record ParquetFileOptions(String compression, long rowGroupBytes) {
    public static final Set<String> COMPRESSIONS = Set.of("snappy", "zstd", "gzip", "uncompressed");

    public ParquetFileOptions {
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException(
                    "Unknown compression '" + compression + "', must be one of " + COMPRESSIONS);
        }
        if (rowGroupBytes <= 0) {
            throw new IllegalArgumentException("rowGroupBytes must be positive, was " + rowGroupBytes);
        }
    }

    /** event_id, an Avro uuid string, is stored as Parquet's 16-byte UUID: smaller, and read without parsing. */
    private static PlainParquetConfiguration plainConfiguration() {
        PlainParquetConfiguration configuration = new PlainParquetConfiguration();
        configuration.setBoolean(AvroWriteSupport.WRITE_PARQUET_UUID, true);
        return configuration;
    }

    /** The benchmark baseline's writer: Avro records through parquet-avro (public for the bench module). */
    public AvroParquetWriter.Builder<GenericRecord> writerBuilder(OutputFile file) {
        return configure(AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(EventSchemas.v1())
                .withDataModel(GenericData.get()));
    }

    /**
     * The staging writer's writer: the same file, written from events without Avro records.
     *
     * @param metadata key-value metadata for the footer
     */
    ParquetWriter<EventRow> eventWriter(OutputFile file, Map<String, String> metadata) throws IOException {
        return configure(new EventWriterBuilder(file))
                .withExtraMetaData(metadata)
                .build();
    }

    private <B extends ParquetWriter.Builder<?, B>> B configure(B builder) {
        return builder
                // Plain configuration: no Hadoop Configuration (and no XML parsing) per file.
                .withConf(plainConfiguration())
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(CompressionCodecName.valueOf(compression.toUpperCase(Locale.ROOT)))
                .withRowGroupSize(rowGroupBytes)
                // Ids, microsecond timestamps and payloads are (nearly) unique: a dictionary only
                // costs hashing until it falls back, and min/max statistics of JSON payloads prune
                // nothing.
                .withDictionaryEncoding("event_id", false)
                .withDictionaryEncoding("timestamp", false)
                .withDictionaryEncoding("event_data", false)
                .withStatisticsEnabled("event_data", false);
    }

    private static final class EventWriterBuilder extends ParquetWriter.Builder<EventRow, EventWriterBuilder> {
        EventWriterBuilder(OutputFile file) {
            super(file);
        }

        @Override
        protected EventWriterBuilder self() {
            return this;
        }

        @Override
        @SuppressWarnings("deprecation") // abstract in Parquet; the plain-configuration overload is the one used
        protected WriteSupport<EventRow> getWriteSupport(Configuration configuration) {
            return new EventWriteSupport();
        }

        @Override
        protected WriteSupport<EventRow> getWriteSupport(ParquetConfiguration configuration) {
            return new EventWriteSupport();
        }
    }
}
