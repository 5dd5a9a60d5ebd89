package io.duckdock.ingest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a file's columns, as DuckDB types them, onto the event columns: the SQL expressions that
 * convert each accepted type, or the reason the file cannot be converted. Column names in the
 * SQL are DuckDock's own constants (never text from the file); DuckDB matches them ignoring case.
 */
record ColumnPlan(
        ColumnExpr eventId,
        ColumnExpr eventIdInvalid,
        ColumnExpr conversationId,
        ColumnExpr experimentId,
        ColumnExpr eventType,
        ColumnExpr timestamp,
        ColumnExpr eventData) {

    /** The column DuckDB adds with each row's file path, under a name no producer uses. */
    static final String PATH_COLUMN = "duckdock_source_path";
    /** DuckDB adds each row's position under this name; a file's own column of that name would clash. */
    private static final String ROW_NUMBER_COLUMN = "file_row_number";

    private static final ColumnExpr NEW_UUID = ColumnExpr.of("uuidv7()");
    private static final ColumnExpr NULL_TEXT = ColumnExpr.of("NULL::VARCHAR");

    private static final Set<String> INTEGER_TYPES =
            Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT");
    private static final Set<String> TIMESTAMP_TYPES =
            Set.of("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE");
    private static final Set<String> TEXT_TYPES = Set.of("VARCHAR", "JSON");

    /**
     * The event columns of one read of the files, each row with its file path and position.
     *
     * @param strictCasts CAST (the load: a bad value fails the statement) or TRY_CAST (the row check)
     */
    String select(boolean strictCasts) {
        return "SELECT " + PATH_COLUMN + " AS read_path, file_row_number AS row_number, "
                + eventId.sql(strictCasts) + " AS event_id, "
                + (strictCasts ? "" : eventIdInvalid.sql(false) + " AS event_id_invalid, ")
                + conversationId.sql(strictCasts) + " AS conversation_id, "
                + experimentId.sql(strictCasts) + " AS experiment_id, "
                + eventType.sql(strictCasts) + " AS event_type, "
                + timestamp.sql(strictCasts) + " AS ts, "
                + eventData.sql(strictCasts) + " AS event_data "
                + "FROM read_parquet(?, filename = '" + PATH_COLUMN + "', file_row_number = true)";
    }

    /** Whether the files carry event ids (otherwise each row gets a fresh one). */
    boolean hasEventIdColumn() {
        return !NEW_UUID.equals(eventId);
    }

    /** What the README promises: the accepted types of each column. */
    static final String ACCEPTED = "conversation_id, event_type, experiment_id: VARCHAR or an integer type; "
            + "timestamp: a Parquet timestamp (s, ms, us, ns; UTC-adjusted or not) or an integer of epoch "
            + "microseconds; event_id: UUID or VARCHAR holding a UUID; event_data: VARCHAR or JSON";

    /**
     * @param types lower-cased column name to DuckDB type name
     * @return the plan, or the reason this schema cannot be ingested
     */
    static Result plan(Map<String, String> types) {
        StringBuilder problems = new StringBuilder();
        for (String reserved : List.of(ROW_NUMBER_COLUMN, PATH_COLUMN)) {
            if (types.containsKey(reserved)) {
                append(
                        problems,
                        "has a column named '" + reserved + "', a name DuckDock reserves for the "
                                + "columns it adds when reading files; rename or drop that column");
            }
        }
        ColumnExpr conversation = textColumn(types, "conversation_id", true, problems);
        ColumnExpr eventType = textColumn(types, "event_type", true, problems);
        ColumnExpr experiment = textColumn(types, "experiment_id", false, problems);
        ColumnExpr timestamp = timestampColumn(types, problems);
        ColumnExpr data = jsonColumn(types, problems);
        String eventIdType = types.get("event_id");
        ColumnExpr eventId = NEW_UUID;
        ColumnExpr eventIdInvalid = ColumnExpr.of("false");
        if ("UUID".equals(eventIdType)) {
            eventId = ColumnExpr.of(ColumnExpr.quote("event_id")).orNewUuid();
        } else if ("VARCHAR".equals(eventIdType)) {
            ColumnExpr asUuid = ColumnExpr.cast("event_id", "UUID");
            eventId = asUuid.orNewUuid();
            eventIdInvalid = ColumnExpr.of("(\"event_id\" IS NOT NULL AND " + asUuid.lenient() + " IS NULL)");
        } else if (eventIdType != null) {
            append(problems, "has column 'event_id' of type " + eventIdType + "; expected UUID or VARCHAR");
        }
        if (problems.length() > 0) {
            return new Result(Optional.empty(), problems.toString());
        }
        return new Result(
                Optional.of(
                        new ColumnPlan(eventId, eventIdInvalid, conversation, experiment, eventType, timestamp, data)),
                "");
    }

    private static ColumnExpr textColumn(
            Map<String, String> types, String name, boolean required, StringBuilder problems) {
        String type = types.get(name);
        if (type == null) {
            if (required) {
                append(problems, "lacks the required column '" + name + "'");
            }
            return NULL_TEXT;
        }
        if (TEXT_TYPES.contains(type) || INTEGER_TYPES.contains(type) || "UUID".equals(type)) {
            return ColumnExpr.of(ColumnExpr.quote(name) + "::VARCHAR");
        }
        append(problems, "has column '" + name + "' of type " + type + "; expected VARCHAR or an integer type");
        return NULL_TEXT;
    }

    private static ColumnExpr timestampColumn(Map<String, String> types, StringBuilder problems) {
        String type = types.get("timestamp");
        if (type == null) {
            append(problems, "lacks the required column 'timestamp'");
        } else if ("TIMESTAMP WITH TIME ZONE".equals(type)) {
            // an instant: its epoch microseconds are the UTC wall time, no time zone lookup needed
            return ColumnExpr.of("make_timestamp(epoch_us(" + ColumnExpr.quote("timestamp") + "))");
        } else if (TIMESTAMP_TYPES.contains(type)) {
            return ColumnExpr.of(ColumnExpr.quote("timestamp") + "::TIMESTAMP");
        } else if (INTEGER_TYPES.contains(type)) {
            return ColumnExpr.of("make_timestamp(" + ColumnExpr.quote("timestamp") + "::BIGINT)");
        } else {
            append(
                    problems,
                    "has column 'timestamp' of type " + type
                            + "; expected a timestamp or an integer of epoch microseconds");
        }
        return ColumnExpr.of("NULL::TIMESTAMP");
    }

    private static ColumnExpr jsonColumn(Map<String, String> types, StringBuilder problems) {
        String type = types.get("event_data");
        if (type == null) {
            return NULL_TEXT;
        }
        if (TEXT_TYPES.contains(type)) {
            return ColumnExpr.of(ColumnExpr.quote("event_data") + "::VARCHAR");
        }
        append(problems, "has column 'event_data' of type " + type + "; expected VARCHAR or JSON holding JSON text");
        return NULL_TEXT;
    }

    private static void append(StringBuilder problems, String problem) {
        if (problems.length() > 0) {
            problems.append("; ");
        }
        problems.append(problem);
    }

    /** Either a plan or a problem. */
    record Result(Optional<ColumnPlan> plan, String problem) {}
}
