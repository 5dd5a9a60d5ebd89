package io.duckdock.ingest.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills an empty warehouse with {@code n} events as committed batches would leave them, by SQL:
 * conversations of {@value #EVENTS_PER_CONVERSATION} events (started, messages and tool calls, then
 * completed, failed or still open), 8 experiments plus conversations naming none, spread evenly
 * over {@value #DAYS} days, ingested in offset order in batches of {@code eventsPerBatch} events,
 * with matching conversation heads and batch rows. Conversation ids are hashes, so, as with real
 * ids, the table's order tells nothing about where a conversation's events are.
 */
final class SyntheticWarehouse {
    static final int EVENTS_PER_CONVERSATION = 20;
    static final int DAYS = 30;
    private static final long ROWS_PER_INSERT = 1_000_000;
    private static final long SECONDS_BETWEEN_EVENTS = 6;

    // e: row, c: conversation, j: position in it; 20 and 19 are EVENTS_PER_CONVERSATION and the last position
    private static final String INSERT = """
            INSERT INTO events
            SELECT gen_random_uuid(), 'conv-' || substr(md5(c::VARCHAR), 1, 16),
                   CASE WHEN c % 25 = 24 THEN NULL ELSE 'exp-' || (c % 8) END,
                   CASE WHEN j = 0 THEN 'conversation.started'
                        WHEN j = 19 AND c % 10 = 3 THEN 'conversation.failed'
                        WHEN j = 19 AND c % 10 <> 7 THEN 'conversation.completed'
                        WHEN j % 5 = 4 THEN 'tool.called'
                        WHEN j % 2 = 1 THEN 'message.sent'
                        ELSE 'message.received' END,
                   make_timestamp(t), '{"turn":' || j || ',"text":"synthetic message ' || e || '"}',
                   j + 1, e + 1, e // ? + 1, 'bench-' || (e // ? + 1) || '.parquet', make_timestamp(t + 30000000)
            FROM (SELECT e, e // 20 AS c, e % 20 AS j, ?::BIGINT + (e // 20) * ?::BIGINT + (e % 20) * ?::BIGINT AS t
                  FROM range(?, ?) r(e))
            """;

    private SyntheticWarehouse() {}

    static void fill(Connection connection, long n, long eventsPerBatch) throws SQLException {
        long conversations = (n + EVENTS_PER_CONVERSATION - 1) / EVENTS_PER_CONVERSATION;
        long microsPerConversation = DAYS * 86_400_000_000L / conversations;
        // whole batches per statement, so that no batch spans two inserts
        long chunk = eventsPerBatch * Math.max(1, ROWS_PER_INSERT / eventsPerBatch);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (long from = 0; from < n; from += chunk) {
                long[] values = {
                    eventsPerBatch,
                    eventsPerBatch,
                    BenchFiles.FIRST_MICROS,
                    microsPerConversation,
                    SECONDS_BETWEEN_EVENTS * 1_000_000,
                    from,
                    Math.min(n, from + chunk)
                };
                for (int p = 0; p < values.length; p++) {
                    insert.setLong(p + 1, values[p]);
                }
                insert.execute();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO conversation_heads SELECT conversation_id, max(sequence), max(batch_id) "
                    + "FROM events GROUP BY conversation_id");
            statement.execute("INSERT INTO ingest_batches SELECT batch_id, min(ingested_at), max(ingested_at), 0, 1, "
                    + "0, 0, count(*), 0, 0, min(event_offset), max(event_offset), 'ok' FROM events GROUP BY batch_id");
            statement.execute("CHECKPOINT");
        }
    }

    /** The id of the conversation in the middle of the table. */
    static String middleConversation(Connection connection, long n) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT conversation_id FROM events WHERE event_offset = ?")) {
            query.setLong(1, n / 2 + 1);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
