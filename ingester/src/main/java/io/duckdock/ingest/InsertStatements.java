package io.duckdock.ingest;

import io.duckdock.ingest.sql.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * What both numberings of {@link EventInsert} share inside the batch's transaction: the
 * deduplication of the source rows, binding and running an insert, and removing a batch's rows to
 * insert them again another way.
 */
final class InsertStatements {
    /** Drops event ids stored within the window, and (when the batch may repeat one) all but the first copy. */
    private static final String DEDUPLICATED = """
            SELECT * FROM (%s) r
            WHERE NOT EXISTS (SELECT 1 FROM events e
                              WHERE e.ingested_at >= make_timestamp(?::BIGINT) AND e.event_id = r.event_id)
            """;

    private static final String FIRST_COPY_ONLY =
            " QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY r.file_index, r.row_number) = 1";
    private final Connection connection;
    private final Duration dedupWindow;

    InsertStatements(Connection connection, Duration dedupWindow) {
        this.connection = connection;
        this.dedupWindow = dedupWindow;
    }

    Connection connection() {
        return connection;
    }

    Duration dedupWindow() {
        return dedupWindow;
    }

    /** {@code source} without the event ids stored within the window (and, if asked, repeats in it). */
    String deduplicated(String source, boolean firstCopyOnly) {
        if (dedupWindow.isZero()) {
            return source;
        }
        return DEDUPLICATED.formatted(source) + (firstCopyOnly ? FIRST_COPY_ONLY : "");
    }

    /** Binds the offset base, batch id, ingestion time, the files and the deduplication window, and runs. */
    long bindAndRun(PreparedStatement insert, Batch batch, long batchId, Instant startedAt, long lastOffset)
            throws SQLException {
        int p = 1;
        insert.setLong(p++, lastOffset);
        insert.setLong(p++, batchId);
        insert.setLong(p++, Micros.of(startedAt));
        p = batch.bindSources(insert, p);
        if (!dedupWindow.isZero()) {
            insert.setLong(p, Micros.of(startedAt.minus(dedupWindow)));
        }
        return insert.executeLargeUpdate();
    }

    void deleteBatch(long batchId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE batch_id = ?")) {
            delete.setLong(1, batchId);
            delete.execute();
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
