package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The column plan decides from DuckDB's type names alone: no file, no database. */
class ColumnPlanTest {
    private static Map<String, String> required(String timestampType) {
        Map<String, String> types = new HashMap<>();
        types.put("conversation_id", "VARCHAR");
        types.put("event_type", "VARCHAR");
        types.put("timestamp", timestampType);
        return types;
    }

    private static ColumnPlan accepted(Map<String, String> types) {
        ColumnPlan.Result result = ColumnPlan.plan(types);
        assertThat(result.problem()).isEmpty();
        assertThat(result.plan()).isPresent();
        return result.plan().get();
    }

    private static String refused(Map<String, String> types) {
        ColumnPlan.Result result = ColumnPlan.plan(types);
        assertThat(result.plan()).isEmpty();
        return result.problem();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"})
    void plan_acceptsEveryParquetTimestampUnitAsAPlainTimestamp(String type) {
        assertThat(accepted(required(type)).timestamp()).isEqualTo(ColumnExpr.of("\"timestamp\"::TIMESTAMP"));
    }

    @Test
    void plan_storesAUtcAdjustedTimestampAsItsUtcWallTime() {
        assertThat(accepted(required("TIMESTAMP WITH TIME ZONE")).timestamp())
                .isEqualTo(ColumnExpr.of("make_timestamp(epoch_us(\"timestamp\"))"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"INTEGER", "BIGINT", "UINTEGER"})
    void plan_readsIntegerTimestampsAsEpochMicroseconds(String type) {
        assertThat(accepted(required(type)).timestamp())
                .isEqualTo(ColumnExpr.of("make_timestamp(\"timestamp\"::BIGINT)"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "VARCHAR",
                "JSON",
                "TINYINT",
                "SMALLINT",
                "INTEGER",
                "BIGINT",
                "UTINYINT",
                "USMALLINT",
                "UINTEGER",
                "UBIGINT",
                "UUID"
            })
    void plan_storesTextAndIntegerIdentifiersAsText(String type) {
        Map<String, String> types = required("TIMESTAMP");
        types.put("conversation_id", type);
        types.put("experiment_id", type);
        ColumnPlan plan = accepted(types);
        assertThat(plan.conversationId()).isEqualTo(ColumnExpr.of("\"conversation_id\"::VARCHAR"));
        assertThat(plan.experimentId()).isEqualTo(ColumnExpr.of("\"experiment_id\"::VARCHAR"));
    }

    @Test
    void plan_givesFreshIdsWhenTheFileHasNoEventIdColumn() {
        ColumnPlan plan = accepted(required("TIMESTAMP"));
        assertThat(plan.hasEventIdColumn()).isFalse();
        assertThat(plan.eventId().strict()).isEqualTo("uuidv7()");
        assertThat(plan.experimentId()).isEqualTo(ColumnExpr.of("NULL::VARCHAR"));
        assertThat(plan.eventData()).isEqualTo(ColumnExpr.of("NULL::VARCHAR"));
    }

    @Test
    void plan_castsTextEventIdsStrictlyWhenLoadingAndLenientlyWhenCheckingRows() {
        Map<String, String> types = required("TIMESTAMP");
        types.put("event_id", "VARCHAR");
        ColumnPlan plan = accepted(types);
        assertThat(plan.hasEventIdColumn()).isTrue();
        assertThat(plan.eventId().strict()).isEqualTo("coalesce(CAST(\"event_id\" AS UUID), uuidv7())");
        assertThat(plan.eventId().lenient()).isEqualTo("coalesce(TRY_CAST(\"event_id\" AS UUID), uuidv7())");
        assertThat(plan.select(true))
                .contains("CAST(\"event_id\" AS UUID)")
                .doesNotContain("TRY_CAST")
                .doesNotContain("event_id_invalid");
        assertThat(plan.select(false))
                .contains("TRY_CAST(\"event_id\" AS UUID)")
                .contains("AS event_id_invalid");
    }

    @Test
    void plan_keepsUuidEventIdsAndFillsNulls() {
        Map<String, String> types = required("TIMESTAMP");
        types.put("event_id", "UUID");
        assertThat(accepted(types).eventId()).isEqualTo(ColumnExpr.of("coalesce(\"event_id\", uuidv7())"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VARCHAR", "JSON"})
    void plan_acceptsEventDataAsTextOrJson(String type) {
        Map<String, String> types = required("TIMESTAMP");
        types.put("event_data", type);
        assertThat(accepted(types).eventData()).isEqualTo(ColumnExpr.of("\"event_data\"::VARCHAR"));
    }

    @Test
    void plan_namesEveryMissingRequiredColumnAtOnce() {
        assertThat(refused(Map.of("experiment_id", "VARCHAR")))
                .isEqualTo("lacks the required column 'conversation_id'; lacks the required column 'event_type'; "
                        + "lacks the required column 'timestamp'");
    }

    @Test
    void plan_refusesATextTimestamp() {
        assertThat(refused(required("VARCHAR")))
                .isEqualTo(
                        "has column 'timestamp' of type VARCHAR; expected a timestamp or an integer of epoch microseconds");
    }

    @Test
    void plan_refusesNonTextIdentifiers() {
        Map<String, String> types = required("TIMESTAMP");
        types.put("event_type", "DOUBLE");
        assertThat(refused(types))
                .isEqualTo("has column 'event_type' of type DOUBLE; expected VARCHAR or an integer type");
    }

    @Test
    void plan_refusesAnEventIdThatIsNeitherUuidNorText() {
        Map<String, String> types = required("TIMESTAMP");
        types.put("event_id", "BIGINT");
        assertThat(refused(types)).isEqualTo("has column 'event_id' of type BIGINT; expected UUID or VARCHAR");
    }

    @Test
    void plan_refusesEventDataThatIsNotText() {
        Map<String, String> types = required("TIMESTAMP");
        types.put("event_data", "STRUCT(a INTEGER)");
        assertThat(refused(types))
                .isEqualTo(
                        "has column 'event_data' of type STRUCT(a INTEGER); expected VARCHAR or JSON holding JSON text");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file_row_number", "duckdock_source_path"})
    void plan_refusesColumnsNamedLikeTheOnesDuckDockAddsWhenReading(String reserved) {
        Map<String, String> types = required("TIMESTAMP");
        types.put(reserved, "BIGINT");
        assertThat(refused(types))
                .isEqualTo("has a column named '" + reserved + "', a name DuckDock reserves for "
                        + "the columns it adds when reading files; rename or drop that column");
    }
}
