package io.duckdock.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Inserts a batch's events into {@code events}, deduplicated and numbered, inside the transaction of
 * {@link BatchCommitter}: by conversation runs when the batch's files allow it ({@link Numbering}),
 * otherwise, or when the runs do not hold what the files declare, by the window ({@link RunsNumbering}).
 *
 * <p>Nothing here runs SQL in a {@code finally}: after a failed statement DuckDB refuses every
 * statement of the transaction but ROLLBACK, and the caller's rollback removes the temporary
 * table of runs with everything else.
 */
final class EventInsert {
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

    /** How many events a batch stored, and how they were numbered. */
    record Stored(long events, Numbering numbering) {}

    private final Connection connection;
    private final Duration dedupWindow;
    private final InsertStatements sql;
    private final RunsNumbering runs;

    EventInsert(Connection connection, Duration dedupWindow) {
        this.connection = connection;
        this.dedupWindow = dedupWindow;
        this.sql = new InsertStatements(connection, dedupWindow);
        this.runs = new RunsNumbering(sql);
    }

    /** Inserts the batch's events, numbered the fastest way its files allow. */
    Stored insert(Batch batch, long batchId, Instant startedAt, long lastOffset, StepTimes steps) throws SQLException {
        Numbering numbering = batch.numbering();
        long inserted = -1;
        if (numbering == Numbering.FILE_GROUPS) {
            inserted = runs.insert(batch, batchId, startedAt, lastOffset, steps);
            if (inserted < 0) {
                numbering = Numbering.WINDOW;
            }
        }
        if (inserted < 0) {
            inserted = insertByWindow(batch, batchId, startedAt, lastOffset, false);
            steps.done("insert by window");
        }
        if (inserted > 0 && !dedupWindow.isZero() && batch.carriesEventIds()) {
            boolean repeats = repeatsEventIds(batchId, inserted);
            steps.done("repeat check");
            if (repeats) {
                // a re-delivery within the batch: keep the first copy of each event id
                sql.deleteBatch(batchId);
                numbering = Numbering.WINDOW;
                inserted = insertByWindow(batch, batchId, startedAt, lastOffset, true);
                steps.done("insert first copies");
            }
        }
        return new Stored(inserted, numbering);
    }

    /** After a failed transaction (rolled back, back in autocommit): the writer's setting again. */
    void restoreInsertionOrder(Exception failure) {
        runs.restoreInsertionOrder(failure);
    }

    private long insertByWindow(Batch batch, long batchId, Instant startedAt, long lastOffset, boolean firstCopyOnly)
            throws SQLException {
        String source = sql.deduplicated(batch.sourceRows(), firstCopyOnly);
        try (PreparedStatement insert =
                connection.prepareStatement(INSERT_EVENTS.formatted(source, Batch.FILES_TABLE))) {
            return sql.bindAndRun(insert, batch, batchId, startedAt, lastOffset);
        }
    }

    /**
     * Whether the {@code inserted} rows just stored for this batch hold one event_id twice (a
     * re-delivery within the batch): fewer distinct ids than rows. Counting distinct ids ran ~8%
     * faster than grouping by id with {@code HAVING count(*) > 1} on 4M rows.
     */
    private boolean repeatsEventIds(long batchId, long inserted) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT count(DISTINCT event_id) FROM events WHERE batch_id = ?")) {
            query.setLong(1, batchId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1) < inserted;
            }
        }
    }
}
