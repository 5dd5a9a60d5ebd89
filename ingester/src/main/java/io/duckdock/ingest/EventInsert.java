package io.duckdock.ingest;

import io.duckdock.ingest.sql.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a batch's events into {@code events}, deduplicated and numbered, inside the transaction of
 * {@link BatchCommitter}: by conversation runs when the batch's files allow it ({@link Numbering}),
 * otherwise, or when the runs do not hold what the files declare, by the window.
 *
 * <p>Nothing here runs SQL in a {@code finally}: after a failed statement DuckDB refuses every
 * statement of the transaction but ROLLBACK, and the caller's rollback removes the temporary
 * table of runs with everything else.
 */
final class EventInsert {
    private static final Logger LOG = LoggerFactory.getLogger(EventInsert.class);

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
     * The runs of a batch whose files declare each conversation contiguous and timestamp-ordered: per
     * (file, conversation) its row count, first row and the sequence before it (the head plus the rows
     * of that conversation's earlier runs), and whether the declaration holds. A conversation's runs
     * are taken in (first timestamp, file) order and must not overlap in time (a tie is allowed only
     * when the earlier run's file comes first), so that every row of a run precedes every row of the
     * next in (timestamp, file, row) order. {@code descent} compares each row with the one read before
     * it: the streaming {@code lag() OVER ()} sees the rows of each file in file order.
     */
    private static final String COUNT_RUNS = """
            CREATE TEMP TABLE %2$s AS
            SELECT g.file_index, g.conversation_id, g.cnt, g.first_row,
                   coalesce(h.last_sequence, 0) + coalesce(sum(g.cnt) OVER (PARTITION BY g.conversation_id
                       ORDER BY g.min_ts, g.file_index ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                       AS before_run,
                   g.last_row - g.first_row + 1 = g.cnt AND g.descents = 0
                       AND coalesce(g.prev_max_ts < g.min_ts
                                    OR (g.prev_max_ts = g.min_ts AND g.prev_file_index < g.file_index), true)
                       AS in_order
            FROM (SELECT r.*,
                         lag(r.max_ts) OVER (PARTITION BY r.conversation_id ORDER BY r.min_ts, r.file_index)
                             AS prev_max_ts,
                         lag(r.file_index) OVER (PARTITION BY r.conversation_id ORDER BY r.min_ts, r.file_index)
                             AS prev_file_index
                  FROM (SELECT f.file_index, q.conversation_id, count(*) AS cnt, min(q.row_number) AS first_row,
                               max(q.row_number) AS last_row, min(q.ts) AS min_ts, max(q.ts) AS max_ts,
                               count(*) FILTER (WHERE q.descent) AS descents
                        FROM (SELECT read_path, row_number, conversation_id, ts,
                                     ts < lag(ts) OVER () AND conversation_id = lag(conversation_id) OVER ()
                                         AND read_path = lag(read_path) OVER () AS descent
                              FROM (%1$s)) q
                        JOIN %3$s f ON f.read_path = q.read_path
                        GROUP BY ALL) r) g
            LEFT JOIN conversation_heads h ON h.conversation_id = g.conversation_id
            """;
    /** Numbers by the runs of {@link #COUNT_RUNS}: a row's sequence is its run's start plus its place in the run. */
    private static final String INSERT_BY_RUNS = """
            INSERT INTO events
            SELECT d.event_id, d.conversation_id, d.experiment_id, d.event_type, d.ts, d.event_data,
                   g.before_run + d.row_number - g.first_row + 1,
                   ?::BIGINT + f.first_row + d.row_number + 1, ?::BIGINT, f.source_file, make_timestamp(?::BIGINT)
            FROM (%1$s) d
            JOIN %2$s g ON g.file_index = d.file_index AND g.conversation_id = d.conversation_id
            JOIN %3$s f ON f.file_index = d.file_index
            """;
    /** Drops event ids stored within the window, and (when the batch may repeat one) all but the first copy. */
    private static final String DEDUPLICATED = """
            SELECT * FROM (%s) r
            WHERE NOT EXISTS (SELECT 1 FROM events e
                              WHERE e.ingested_at >= make_timestamp(?::BIGINT) AND e.event_id = r.event_id)
            """;

    private static final String FIRST_COPY_ONLY =
            " QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY r.file_index, r.row_number) = 1";
    private static final String RUNS_TABLE = "batch_runs";

    /** How many events a batch stored, and how they were numbered. */
    record Stored(long events, Numbering numbering) {}

    /** What counting the runs found: the rows they hold, and the runs that break the declared layout. */
    private record Runs(long rows, long broken) {}

    private final Connection connection;
    private final Duration dedupWindow;

    EventInsert(Connection connection, Duration dedupWindow) {
        this.connection = connection;
        this.dedupWindow = dedupWindow;
    }

    /** Inserts the batch's events, numbered the fastest way its files allow. */
    Stored insert(Batch batch, long batchId, Instant startedAt, long lastOffset) throws SQLException {
        Numbering numbering = batch.numbering();
        long inserted = -1;
        if (numbering == Numbering.FILE_GROUPS) {
            inserted = insertByRuns(batch, batchId, startedAt, lastOffset);
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
        return new Stored(inserted, numbering);
    }

    /**
     * Numbers by (file, conversation) runs. Returns -1, having stored nothing, when the files break
     * their declared layout or the load dropped rows (re-deliveries, rows the contract refuses): the
     * positions of the remaining rows then no longer give their sequences, and the window must number them.
     */
    private long insertByRuns(Batch batch, long batchId, Instant startedAt, long lastOffset) throws SQLException {
        Runs runs = countRuns(batch);
        long inserted = -1;
        if (runs.broken() > 0) {
            LOG.info(
                    "batch {}: {} conversation runs break the order their files declare; numbering by the window "
                            + "instead",
                    batchId,
                    runs.broken());
        } else {
            try (PreparedStatement insert = connection.prepareStatement(
                    INSERT_BY_RUNS.formatted(deduplicated(batch.sourceRows(), false), RUNS_TABLE, Batch.FILES_TABLE))) {
                inserted = bindAndRun(insert, batch, batchId, startedAt, lastOffset);
            }
            if (inserted != runs.rows()) {
                deleteBatch(batchId);
                inserted = -1;
            }
        }
        execute("DROP TABLE " + RUNS_TABLE);
        return inserted;
    }

    /**
     * Counts the runs into {@value #RUNS_TABLE}. {@code lag() OVER ()} must see each file's rows in
     * file order, so insertion order is kept for this one statement (the writer's connection runs
     * without it, see {@link Warehouse}); a failure leaves it on, and {@link #restoreInsertionOrder}
     * turns it off again after the rollback.
     */
    private Runs countRuns(Batch batch) throws SQLException {
        execute("SET preserve_insertion_order = true");
        try (PreparedStatement count =
                connection.prepareStatement(COUNT_RUNS.formatted(batch.scannedRows(), RUNS_TABLE, Batch.FILES_TABLE))) {
            batch.bindSources(count, 1);
            count.execute();
        }
        execute("SET preserve_insertion_order = false");
        try (Statement query = connection.createStatement();
                ResultSet result = query.executeQuery(
                        "SELECT coalesce(sum(cnt), 0), count(*) FILTER (WHERE NOT in_order) " + "FROM " + RUNS_TABLE)) {
            result.next();
            return new Runs(result.getLong(1), result.getLong(2));
        }
    }

    /** After a failed transaction (rolled back, back in autocommit): the writer's setting again. */
    void restoreInsertionOrder(Exception failure) {
        try {
            execute("SET preserve_insertion_order = false");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private long insertByWindow(Batch batch, long batchId, Instant startedAt, long lastOffset, boolean firstCopyOnly)
            throws SQLException {
        String source = deduplicated(batch.sourceRows(), firstCopyOnly);
        try (PreparedStatement insert =
                connection.prepareStatement(INSERT_EVENTS.formatted(source, Batch.FILES_TABLE))) {
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
            try (ResultSet result = query.executeQuery()) {
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

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
