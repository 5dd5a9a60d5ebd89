package io.duckdock.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestListener;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views on a hand-made data set, over the database and over the lake alone. */
class AnalyticViewsTest {
    /**
     * Conversation a (exp-1): started 10:00:00, message 10:00:10, completed 10:00:40.
     * Conversation b (exp-1): started 10:01:00, tool.error 10:01:05, completed 10:01:30 (error wins: failed).
     * Conversation c (exp-2): started 10:02:00 only.
     */
    private static final String EVENTS = """
            SELECT * FROM (VALUES
              ('a', 'exp-1', 'conversation.started',   TIMESTAMP '2024-03-01 10:00:00'),
              ('a', 'exp-1', 'message.sent',           TIMESTAMP '2024-03-01 10:00:10'),
              ('a', 'exp-1', 'conversation.completed', TIMESTAMP '2024-03-01 10:00:40'),
              ('b', 'exp-1', 'conversation.started',   TIMESTAMP '2024-03-01 10:01:00'),
              ('b', 'exp-1', 'tool.error',             TIMESTAMP '2024-03-01 10:01:05'),
              ('b', 'exp-1', 'conversation.completed', TIMESTAMP '2024-03-01 10:01:30'),
              ('c', 'exp-2', 'conversation.started',   TIMESTAMP '2024-03-01 10:02:00')
            ) t(conversation_id, experiment_id, event_type, "timestamp")
            """;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path home;

    private DuckDockConfig ingestHandMadeEvents() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Parquet.write(config.layout().staging().resolve("hand.parquet"), EVENTS);
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), IngestListener.NONE)) {
            ingester.runOnce(lock);
        }
        return config;
    }

    static List<List<Object>> rows(ReadOnlySql sql, String query) {
        List<List<Object>> rows = new ArrayList<>();
        sql.query(query, new ReadOnlySql.Rows() {
            @Override
            public void columns(List<String> names) {}

            @Override
            public void row(List<Object> values) {
                rows.add(values.stream()
                        .map(v -> v == null ? null : (Object) text(v))
                        .toList());
            }
        });
        return rows;
    }

    private static String text(Object value) {
        return value instanceof LocalDateTime time ? SECONDS.format(time) : value.toString();
    }

    private static void assertViews(ReadOnlySql sql) {
        assertThat(rows(
                        sql,
                        "SELECT conversation_id, experiment_id, first_event_at, last_event_at, event_count, "
                                + "last_sequence, last_event_type, status FROM conversation_state ORDER BY 1"))
                .containsExactly(
                        List.of(
                                "a",
                                "exp-1",
                                "2024-03-01 10:00:00",
                                "2024-03-01 10:00:40",
                                "3",
                                "3",
                                "conversation.completed",
                                "completed"),
                        List.of(
                                "b",
                                "exp-1",
                                "2024-03-01 10:01:00",
                                "2024-03-01 10:01:30",
                                "3",
                                "3",
                                "conversation.completed",
                                "failed"),
                        List.of(
                                "c",
                                "exp-2",
                                "2024-03-01 10:02:00",
                                "2024-03-01 10:02:00",
                                "1",
                                "1",
                                "conversation.started",
                                "started"));
        assertThat(rows(
                        sql,
                        "SELECT experiment_id, conversations, completed_conversations, failed_conversations, "
                                + "events, span::VARCHAR FROM experiment_summary ORDER BY 1"))
                .containsExactly(
                        List.of("exp-1", "2", "1", "1", "6", "00:01:30"),
                        List.of("exp-2", "1", "0", "0", "1", "00:00:00"));
        List<Object> noGap = new ArrayList<>(List.of("a", "1", "1"));
        noGap.add(null);
        noGap.add(null);
        assertThat(rows(
                        sql,
                        "SELECT conversation_id, sequence, rolling_events, gap_seconds, rolling_avg_gap_seconds "
                                + "FROM event_timeline WHERE conversation_id = 'a' ORDER BY sequence"))
                .containsExactly(noGap, List.of("a", "2", "2", "10.0", "10.0"), List.of("a", "3", "3", "30.0", "20.0"));
    }

    @Test
    void views_overTheDatabase_returnTheHandComputedValues() throws Exception {
        DuckDockConfig config = ingestHandMadeEvents();
        try (ReadOnlySql sql = ReadOnlySql.open(config, Duration.ofMillis(500))) {
            assertThat(sql.source()).isEqualTo(ReadOnlySql.Source.WAREHOUSE);
            assertViews(sql);
        }
    }

    @Test
    void views_overTheLakeAlone_returnTheSameValues() throws Exception {
        DuckDockConfig config = ingestHandMadeEvents();
        Files.delete(Path.of(config.layout().database()));
        try (ReadOnlySql sql = ReadOnlySql.open(config, Duration.ofMillis(500))) {
            assertThat(sql.source()).isEqualTo(ReadOnlySql.Source.LAKE);
            assertViews(sql);
        }
    }
}
