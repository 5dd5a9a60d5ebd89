package io.duckdock.ingest;

import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.sql.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes one {@link Batch} in one transaction: its events (deduplicated, numbered per
 * conversation and offset globally), the conversation heads, the ledger rows and the batch row.
 * It commits all of it or leaves no trace.
 */
final class BatchCommitter {
    /**
     * Numbers the batch's rows: each conversation continues from its head in (timestamp, file, row)
     * order; offsets follow file then row, so they increase strictly and leave a gap only where a
     * repeated event was dropped.
     */
    private static final String INSERT_EVENTS = """
            INSERT INTO events
            SELECT n.event_id, n.conversation_id, n.experiment_id, n.event_type, n.ts, n.event_data, n.sequence,
                   ?::BIGINT + f.first_row + n.row_number + 1, ?::BIGINT, f.source_file, make_timestamp(?::BIGINT)
            FROM (SELECT d.*, coalesce(h.last_sequence, 0)
                          + row_number() OVER (PARTITION BY d.conversation_id ORDER BY d.ts, d.file_index, d.row_number)
                          AS sequence
                  FROM (%s) d
                  LEFT JOIN conversation_heads h ON h.conversation_id = d.conversation_id) n
            -- the file's name and first row join in after the numbering: the window sorts narrower rows
            JOIN %s f ON f.file_index = n.file_index
            """;
    /** Drops event ids stored within the window, and (when the batch may repeat one) all but the first copy. */
    private static final String DEDUPLICATED = """
            SELECT * FROM (%s) r
            WHERE NOT EXISTS (SELECT 1 FROM events e
                              WHERE e.ingested_at >= make_timestamp(?::BIGINT) AND e.event_id = r.event_id)
            """;
    private static final String FIRST_COPY_ONLY =
            " QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY r.file_index, r.row_number) = 1";
    private static final String UPSERT_HEADS = """
            INSERT INTO conversation_heads
            SELECT conversation_id, max(sequence), ?::BIGINT FROM events WHERE batch_id = ? GROUP BY conversation_id
            ON CONFLICT (conversation_id) DO UPDATE
                SET last_sequence = excluded.last_sequence, last_batch_id = excluded.last_batch_id
            """;
    private static final String INSERT_LEDGER = """
            INSERT INTO ingest_files
            SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BIGINT[]),
                   make_timestamp(unnest(?::BIGINT[])), unnest(?::VARCHAR[]), unnest(?::BIGINT[]),
                   ?::BIGINT, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), make_timestamp(?::BIGINT)
            """;
    private static final String INSERT_BATCH = """
            INSERT INTO ingest_batches VALUES (?, make_timestamp(?::BIGINT), make_timestamp(?::BIGINT), ?, ?, ?, ?,
                                               ?, ?, ?, ?, ?, ?)
            """;

    private final Connection connection;
    private final Duration dedupWindow;

    BatchCommitter(Connection connection, Duration dedupWindow) {
        this.connection = connection;
        this.dedupWindow = dedupWindow;
    }

    /** Commits the batch and returns what it stored. */
    BatchResult commit(Batch batch, long batchId, Instant startedAt, List<FileOutcome> outcomes, Clock clock)
            throws SQLException {
        long rows = batch.placeAcceptedFiles();
        return Transactions.call(connection, () -> {
            long lastOffset = Ledger.lastOffset(connection);
            long inserted = batch.accepted().isEmpty() ? 0
                    : insertEvents(batch, batchId, startedAt, lastOffset, false);
            if (inserted > 0 && !dedupWindow.isZero() && batch.carriesEventIds() && repeatsEventIds(batchId)) {
                deleteBatch(batchId);
                inserted = insertEvents(batch, batchId, startedAt, lastOffset, true);
            }
            if (inserted > 0) {
                upsertHeads(batchId);
            }
            insertLedger(batchId, outcomes, clock.instant());
            BatchResult result = BatchResult.of(batchId, startedAt, clock.instant(), outcomes, inserted,
                    rows > 0 ? lastOffset + 1 : null, rows > 0 ? lastOffset + rows : null);
            insertBatch(result);
            return result;
        });
    }

    private long insertEvents(Batch batch, long batchId, Instant startedAt, long lastOffset, boolean firstCopyOnly)
            throws SQLException {
        String source = batch.sourceRows();
        boolean dedup = !dedupWindow.isZero();
        if (dedup) {
            source = DEDUPLICATED.formatted(source) + (firstCopyOnly ? FIRST_COPY_ONLY : "");
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENTS.formatted(source,
                Batch.FILES_TABLE))) {
            int p = 1;
            insert.setLong(p++, lastOffset);
            insert.setLong(p++, batchId);
            insert.setLong(p++, Micros.of(startedAt));
            p = batch.bindSources(insert, p);
            if (dedup) {
                insert.setLong(p, Micros.of(startedAt.minus(dedupWindow)));
            }
            return insert.executeLargeUpdate();
        }
    }

    /** Whether the rows just inserted for this batch hold one event_id twice (a re-delivery within the batch). */
    private boolean repeatsEventIds(long batchId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT event_id FROM events "
                + "WHERE batch_id = ? GROUP BY event_id HAVING count(*) > 1)")) {
            query.setLong(1, batchId);
            try (java.sql.ResultSet result = query.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private void deleteBatch(long batchId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE batch_id = ?")) {
            delete.setLong(1, batchId);
            delete.execute();
        }
    }

    private void upsertHeads(long batchId) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_HEADS)) {
            upsert.setLong(1, batchId);
            upsert.setLong(2, batchId);
            upsert.execute();
        }
    }

    private void insertLedger(long batchId, List<FileOutcome> outcomes, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_LEDGER)) {
            insert.setArray(1, array("VARCHAR", outcomes.stream().map(o -> o.file().name())));
            insert.setArray(2, array("VARCHAR", outcomes.stream().map(o -> o.file().path().toString())));
            insert.setArray(3, array("BIGINT", outcomes.stream().map(o -> o.file().size())));
            insert.setArray(4, array("BIGINT", outcomes.stream().map(o -> Micros.of(o.file().modified()))));
            insert.setArray(5, array("VARCHAR", outcomes.stream().map(FileOutcome::fingerprint)));
            insert.setArray(6, array("BIGINT", outcomes.stream().map(FileOutcome::rows)));
            insert.setLong(7, batchId);
            insert.setArray(8, array("VARCHAR", outcomes.stream().map(o -> o.status().sqlName())));
            insert.setArray(9, array("VARCHAR", outcomes.stream().map(o -> o.reason().orElse(null))));
            insert.setLong(10, Micros.of(now));
            insert.execute();
        }
    }

    private void insertBatch(BatchResult result) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_BATCH)) {
            insert.setLong(1, result.batchId());
            insert.setLong(2, Micros.of(result.startedAt()));
            insert.setLong(3, Micros.of(result.finishedAt()));
            insert.setLong(4, result.duration().toMillis());
            insert.setInt(5, result.filesIngested());
            insert.setInt(6, result.filesRejected());
            insert.setInt(7, result.filesDuplicate());
            insert.setLong(8, result.eventsIngested());
            insert.setLong(9, result.eventsDeduplicated());
            insert.setLong(10, result.bytesIngested());
            insert.setObject(11, result.firstOffset());
            insert.setObject(12, result.lastOffset());
            insert.setString(13, result.outcome());
            insert.execute();
        }
    }

    private java.sql.Array array(String type, java.util.stream.Stream<?> values) throws SQLException {
        return connection.createArrayOf(type, values.toArray());
    }
}
