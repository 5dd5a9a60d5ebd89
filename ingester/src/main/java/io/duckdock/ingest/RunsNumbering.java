package io.duckdock.ingest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Numbering#FILE_GROUPS}: numbers a batch by its (file, conversation) runs when its files
 * declare each conversation contiguous and timestamp-ordered, verifying the declaration in the same
 * pass that counts the runs. Nothing here runs SQL in a {@code finally}: after a failed statement
 * DuckDB refuses every statement of the transaction but ROLLBACK, and the caller's rollback removes
 * the temporary table of runs with everything else.
 */
final class RunsNumbering {
    private static final Logger LOG = LoggerFactory.getLogger(RunsNumbering.class);

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

    private static final String RUNS_TABLE = "batch_runs";

    /** What counting the runs found: the rows they hold, and the runs that break the declared layout. */
    private record Runs(long rows, long broken) {}

    private final InsertStatements sql;

    RunsNumbering(InsertStatements sql) {
        this.sql = sql;
    }

    /**
     * Numbers by (file, conversation) runs. Returns -1, having stored nothing, when the files break
     * their declared layout or the load dropped rows (re-deliveries, rows the contract refuses): the
     * positions of the remaining rows then no longer give their sequences, and the window must number them.
     */
    long insert(Batch batch, long batchId, Instant startedAt, long lastOffset, StepTimes steps) throws SQLException {
        Runs runs = countRuns(batch);
        steps.done("count runs");
        long inserted = -1;
        if (runs.broken() > 0) {
            LOG.info(
                    "batch {}: {} conversation runs break the order their files declare; numbering by the window "
                            + "instead",
                    batchId,
                    runs.broken());
        } else {
            try (PreparedStatement insert = sql.connection()
                    .prepareStatement(INSERT_BY_RUNS.formatted(
                            sql.deduplicated(batch.sourceRows(), false), RUNS_TABLE, Batch.FILES_TABLE))) {
                inserted = sql.bindAndRun(insert, batch, batchId, startedAt, lastOffset);
            }
            steps.done("insert by runs");
            if (inserted != runs.rows()) {
                sql.deleteBatch(batchId);
                inserted = -1;
            }
        }
        sql.execute("DROP TABLE " + RUNS_TABLE);
        return inserted;
    }

    /**
     * Counts the runs into {@value #RUNS_TABLE}. {@code lag() OVER ()} must see each file's rows in
     * file order, so insertion order is kept for this one statement (the writer's connection runs
     * without it, see {@link Warehouse}); a failure leaves it on, and {@link #restoreInsertionOrder}
     * turns it off again after the rollback.
     */
    private Runs countRuns(Batch batch) throws SQLException {
        sql.execute("SET preserve_insertion_order = true");
        try (PreparedStatement count = sql.connection()
                .prepareStatement(COUNT_RUNS.formatted(batch.scannedRows(), RUNS_TABLE, Batch.FILES_TABLE))) {
            batch.bindSources(count, 1);
            count.execute();
        }
        sql.execute("SET preserve_insertion_order = false");
        try (Statement query = sql.connection().createStatement();
                ResultSet result = query.executeQuery(
                        "SELECT coalesce(sum(cnt), 0), count(*) FILTER (WHERE NOT in_order) " + "FROM " + RUNS_TABLE)) {
            result.next();
            return new Runs(result.getLong(1), result.getLong(2));
        }
    }

    /** After a failed transaction (rolled back, back in autocommit): the writer's setting again. */
    void restoreInsertionOrder(Exception failure) {
        try {
            sql.execute("SET preserve_insertion_order = false");
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
