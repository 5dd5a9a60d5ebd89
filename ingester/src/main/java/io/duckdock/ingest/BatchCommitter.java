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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link Batch} in one transaction: its events (deduplicated, numbered per
 * conversation and offset globally), the conversation heads, the ledger rows and the batch row.
 * It commits all of it or leaves no trace.
 */
final class BatchCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);

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
    /**
     * The runs of a batch whose files declare each conversation contiguous and timestamp-ordered:
     * per (file, conversation) its row count, first row and the sequence before it (the head plus the
     * rows of that conversation in earlier files), and whether the declaration holds. {@code descent}
     * compares each row with the one read before it: the streaming {@code lag() OVER ()} sees the rows
     * of each file in file order.
     */
    private static final String FILE_GROUPS = """
            CREATE OR REPLACE TEMP TABLE %2$s AS
            SELECT g.file_index, g.conversation_id, g.cnt, g.first_row,
                   coalesce(h.last_sequence, 0) + coalesce(sum(g.cnt) OVER (PARTITION BY g.conversation_id
                       ORDER BY g.file_index ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_run,
                   g.last_row - g.first_row + 1 = g.cnt AND g.descents = 0
                       AND coalesce(lag(g.max_ts) OVER (PARTITION BY g.conversation_id ORDER BY g.file_index)
                                    <= g.min_ts, true) AS in_order
            FROM (SELECT f.file_index, q.conversation_id, count(*) AS cnt, min(q.row_number) AS first_row,
                         max(q.row_number) AS last_row, min(q.ts) AS min_ts, max(q.ts) AS max_ts,
                         count(*) FILTER (WHERE q.descent) AS descents
                  FROM (SELECT read_path, row_number, conversation_id, ts,
                               ts < lag(ts) OVER () AND conversation_id = lag(conversation_id) OVER ()
                                   AND read_path = lag(read_path) OVER () AS descent
                        FROM (%1$s)) q
                  JOIN %3$s f ON f.read_path = q.read_path
                  GROUP BY ALL) g
            LEFT JOIN conversation_heads h ON h.conversation_id = g.conversation_id
            """;
    /** Numbers by the runs of {@link #FILE_GROUPS}: a row's sequence is its run's start plus its place in the run. */
    private static final String INSERT_BY_FILE_GROUPS = """
            INSERT INTO events
            SELECT d.event_id, d.conversation_id, d.experiment_id, d.event_type, d.ts, d.event_data,
                   g.before_run + d.row_number - g.first_row + 1,
                   ?::BIGINT + f.first_row + d.row_number + 1, ?::BIGINT, f.source_file, make_timestamp(?::BIGINT)
            FROM (%1$s) d
            JOIN %2$s g ON g.file_index = d.file_index AND g.conversation_id = d.conversation_id
            JOIN %3$s f ON f.file_index = d.file_index
            """;
    private static final String GROUPS_TABLE = "batch_groups";
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
            Stored stored = batch.accepted().isEmpty() ? new Stored(0, "none")
                    : insertEvents(batch, batchId, startedAt, lastOffset);
            long inserted = stored.events();
            if (inserted > 0) {
                upsertHeads(batchId);
            }
            insertLedger(batchId, outcomes, clock.instant());
            BatchResult result = BatchResult.of(batchId, startedAt, clock.instant(), outcomes, inserted,
                    rows > 0 ? lastOffset + 1 : null, rows > 0 ? lastOffset + rows : null, stored.numbering());
            insertBatch(result);
            return result;
        });
    }

    /** How many events a batch stored, and how they were numbered. */
    private record Stored(long events, String numbering) {
    }

    /** Inserts the batch's events, numbered the fastest way its files allow. */
    private Stored insertEvents(Batch batch, long batchId, Instant startedAt, long lastOffset) throws SQLException {
        Numbering numbering = batch.numbering();
        long inserted = -1;
        if (numbering == Numbering.FILE_GROUPS) {
            inserted = insertByFileGroups(batch, batchId, startedAt, lastOffset);
            if (inserted < 0) {
                numbering = Numbering.WINDOW;
            }
        }
        if (inserted < 0) {
            inserted = insertByWindow(batch, batchId, startedAt, lastOffset, false);
        }
        if (inserted > 0 && !dedupWindow.isZero() && batch.carriesEventIds() && repeatsEventIds(batchId)) {
            // a re-delivery within the batch: keep the first copy of each event id
            deleteBatch(batchId);
            numbering = Numbering.WINDOW;
            inserted = insertByWindow(batch, batchId, startedAt, lastOffset, true);
        }
        return new Stored(inserted, numbering.sqlName());
    }

    /**
     * Numbers by (file, conversation) runs. Returns -1, having stored nothing, when the files break
     * their declared layout or the load dropped rows (re-deliveries, rows the contract refuses): the
     * positions of the remaining rows then no longer give their sequences, and the window must number them.
     */
    private long insertByFileGroups(Batch batch, long batchId, Instant startedAt, long lastOffset)
            throws SQLException {
        try (java.sql.Statement settings = connection.createStatement();
             PreparedStatement groups = connection.prepareStatement(FILE_GROUPS.formatted(batch.scannedRows(),
                     GROUPS_TABLE, Batch.FILES_TABLE))) {
            // lag() OVER () must see each file's rows in file order
            settings.execute("SET preserve_insertion_order = true");
            try {
                batch.bindSources(groups, 1);
                groups.execute();
            } finally {
                settings.execute("SET preserve_insertion_order = false");
            }
        }
        try {
            long[] check = groupCheck();
            if (check[1] > 0) {
                LOG.info("batch {}: {} conversation runs break the order their files declare; numbering by the "
                        + "window instead", batchId, check[1]);
                return -1;
            }
            String source = deduplicated(batch.sourceRows(), false);
            long inserted;
            try (PreparedStatement insert = connection.prepareStatement(INSERT_BY_FILE_GROUPS.formatted(source,
                    GROUPS_TABLE, Batch.FILES_TABLE))) {
                inserted = bindAndRun(insert, batch, batchId, startedAt, lastOffset);
            }
            if (inserted != check[0]) {
                deleteBatch(batchId);
                return -1;
            }
            return inserted;
        } finally {
            try (java.sql.Statement drop = connection.createStatement()) {
                drop.execute("DROP TABLE IF EXISTS " + GROUPS_TABLE);
            }
        }
    }

    /** The rows counted by the runs, and the runs that break the declared layout. */
    private long[] groupCheck() throws SQLException {
        try (java.sql.Statement query = connection.createStatement();
             java.sql.ResultSet result = query.executeQuery("SELECT coalesce(sum(cnt), 0), "
                     + "count(*) FILTER (WHERE NOT in_order) FROM " + GROUPS_TABLE)) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        }
    }

    private long insertByWindow(Batch batch, long batchId, Instant startedAt, long lastOffset, boolean firstCopyOnly)
            throws SQLException {
        String source = deduplicated(batch.sourceRows(), firstCopyOnly);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENTS.formatted(source,
                Batch.FILES_TABLE))) {
            return bindAndRun(insert, batch, batchId, startedAt, lastOffset);
        }
    }

    private String deduplicated(String source, boolean firstCopyOnly) {
        if (dedupWindow.isZero()) {
            return source;
        }
        return DEDUPLICATED.formatted(source) + (firstCopyOnly ? FIRST_COPY_ONLY : "");
    }

    /** Binds the offset base, batch id, ingestion time, the files and the deduplication window, and runs. */
    private long bindAndRun(PreparedStatement insert, Batch batch, long batchId, Instant startedAt, long lastOffset)
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
