package io.duckdock.ingest.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fills a warehouse with {@code n} already-stored events, as months of ingestion would leave them:
 * ingested over the last 60 days in offset order (so the 24 h deduplication window holds about
 * 1/60 of them), 100 events per conversation, with matching conversation heads and batch rows.
 */
final class StoredHistory {
    private static final int EVENTS_PER_CONVERSATION = 100;
    private static final int EVENTS_PER_BATCH = 1_000_000;

    private StoredHistory() {}

    static void fill(Connection connection, long n, long nowMicros) throws SQLException {
        long span = 60L * 24 * 3600 * 1_000_000;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO events
                SELECT gen_random_uuid(), 'old-' || (i // ?), 'exp-' || (i % 7), 'message.sent',
                       make_timestamp(?::BIGINT - ?::BIGINT + i * (?::BIGINT // ?)),
                       '{"n":' || i || ',"text":"hello"}', (i % ?) + 1, i + 1, i // ? + 1, 'history.parquet',
                       make_timestamp(?::BIGINT - ?::BIGINT + i * (?::BIGINT // ?))
                FROM range(?) t(i)
                """)) {
            int p = 1;
            insert.setLong(p++, EVENTS_PER_CONVERSATION);
            insert.setLong(p++, nowMicros);
            insert.setLong(p++, span);
            insert.setLong(p++, span);
            insert.setLong(p++, n);
            insert.setLong(p++, EVENTS_PER_CONVERSATION);
            insert.setLong(p++, EVENTS_PER_BATCH);
            insert.setLong(p++, nowMicros);
            insert.setLong(p++, span);
            insert.setLong(p++, span);
            insert.setLong(p++, n);
            insert.setLong(p, n);
            insert.execute();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO conversation_heads SELECT conversation_id, max(sequence), max(batch_id) "
                    + "FROM events GROUP BY conversation_id");
            statement.execute(
                    "INSERT INTO ingest_batches SELECT batch_id, min(ingested_at), max(ingested_at), 0, 1, 0, 0, "
                            + "count(*), 0, 0, min(event_offset), max(event_offset), 'ok' FROM events GROUP BY batch_id");
            statement.execute("CHECKPOINT");
        }
    }
}
