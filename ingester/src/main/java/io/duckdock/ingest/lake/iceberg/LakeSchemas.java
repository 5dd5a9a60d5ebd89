package io.duckdock.ingest.lake.iceberg;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schemas of the lake's three tables. Field ids are fixed here and written into every
 * Parquet file DuckDock writes (DuckDB {@code COPY ... FIELD_IDS}), so no reader matches columns by
 * position; the tables also carry a name mapping for files written before the lake was a table.
 * Every field is optional: DuckDB writes every Parquet column as optional.
 */
public final class LakeSchemas {
    public static final Schema EVENTS = new Schema(
            Types.NestedField.optional(1, "event_id", Types.UUIDType.get()),
            Types.NestedField.optional(2, "conversation_id", Types.StringType.get()),
            Types.NestedField.optional(3, "experiment_id", Types.StringType.get()),
            Types.NestedField.optional(4, "event_type", Types.StringType.get()),
            Types.NestedField.optional(5, "timestamp", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(6, "event_data", Types.StringType.get()),
            Types.NestedField.optional(7, "sequence", Types.LongType.get()),
            Types.NestedField.optional(8, "event_offset", Types.LongType.get()),
            Types.NestedField.optional(9, "batch_id", Types.LongType.get()),
            Types.NestedField.optional(10, "source_file", Types.StringType.get()),
            Types.NestedField.optional(11, "ingested_at", Types.TimestampType.withoutZone()));

    /** Partitioned by the UTC day of {@code timestamp}, named like the Hive-style directories. */
    public static final PartitionSpec EVENTS_SPEC =
            PartitionSpec.builderFor(EVENTS).day("timestamp", "event_date").build();

    public static final Schema FILES = new Schema(
            Types.NestedField.optional(1, "file_name", Types.StringType.get()),
            Types.NestedField.optional(2, "staged_path", Types.StringType.get()),
            Types.NestedField.optional(3, "size_bytes", Types.LongType.get()),
            Types.NestedField.optional(4, "modified_at", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(5, "fingerprint", Types.StringType.get()),
            Types.NestedField.optional(6, "row_count", Types.LongType.get()),
            Types.NestedField.optional(7, "batch_id", Types.LongType.get()),
            Types.NestedField.optional(8, "status", Types.StringType.get()),
            Types.NestedField.optional(9, "reason", Types.StringType.get()),
            Types.NestedField.optional(10, "recorded_at", Types.TimestampType.withoutZone()));

    public static final Schema BATCHES = new Schema(
            Types.NestedField.optional(1, "batch_id", Types.LongType.get()),
            Types.NestedField.optional(2, "started_at", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(3, "finished_at", Types.TimestampType.withoutZone()),
            Types.NestedField.optional(4, "duration_ms", Types.LongType.get()),
            Types.NestedField.optional(5, "files_ingested", Types.IntegerType.get()),
            Types.NestedField.optional(6, "files_rejected", Types.IntegerType.get()),
            Types.NestedField.optional(7, "files_duplicate", Types.IntegerType.get()),
            Types.NestedField.optional(8, "events_ingested", Types.LongType.get()),
            Types.NestedField.optional(9, "events_deduplicated", Types.LongType.get()),
            Types.NestedField.optional(10, "bytes_ingested", Types.LongType.get()),
            Types.NestedField.optional(11, "first_offset", Types.LongType.get()),
            Types.NestedField.optional(12, "last_offset", Types.LongType.get()),
            Types.NestedField.optional(13, "outcome", Types.StringType.get()));

    private LakeSchemas() {}

    /** The columns of {@code schema} in field-id order, quoted for a DuckDB SELECT list. */
    public static String selectList(Schema schema) {
        return schema.columns().stream().map(f -> "\"" + f.name() + "\"").collect(Collectors.joining(", "));
    }

    /** The {@code FIELD_IDS {...}} option of a DuckDB COPY writing rows of {@code schema}. */
    public static String fieldIds(Schema schema) {
        List<String> ids = schema.columns().stream()
                .map(f -> "'" + f.name() + "': " + f.fieldId())
                .toList();
        return "FIELD_IDS {" + String.join(", ", ids) + "}";
    }
}
