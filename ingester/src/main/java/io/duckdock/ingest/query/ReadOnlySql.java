package io.duckdock.ingest.query;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.sql.SqlText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Read-only SQL over a DuckDock home for analysts. The warehouse is attached READ_ONLY for the
 * life of this object (keep it short: the ingester waits for it up to ingest.lock-timeout); when
 * the ingester holds it past {@code lockWait}, the lake alone is read. Either way only a single
 * SELECT runs, for at most query.timeout, on a connection that can read only the lake, the attached
 * warehouse file and its own spill directory, and whose configuration is locked, so SET, PRAGMA,
 * ATTACH, COPY, INSTALL and LOAD fail even if the statement check were bypassed.
 */
public final class ReadOnlySql implements AutoCloseable {
    /** Where the rows come from. */
    public enum Source {
        WAREHOUSE,
        LAKE
    }

    /**
     * Receives a result: the column names once, then each row. Values are null, {@link Number},
     * {@link Boolean}, {@link java.time.LocalDateTime} (a TIMESTAMP, in UTC) or DuckDB's text of any other type.
     */
    public interface Rows {
        void columns(List<String> names);

        void row(List<Object> values);
    }

    private final QuerySession session;
    private final Duration timeout;

    private ReadOnlySql(QuerySession session, Duration timeout) {
        this.session = session;
        this.timeout = timeout;
    }

    /**
     * @throws QueryFailedException  when there is nothing to read (no warehouse, no lake files)
     * @throws QueryRefusedException when DuckDB would let a query read more than DuckDock allows
     */
    public static ReadOnlySql open(DuckDockConfig config, Duration lockWait) {
        return new ReadOnlySql(
                QuerySession.open(config.layout(), lockWait), config.query().timeout());
    }

    public Source source() {
        return session.source();
    }

    /** Why the query does not read the warehouse, when it does not. */
    public Optional<String> notice() {
        return session.notice();
    }

    /**
     * Runs one SELECT and streams its rows.
     *
     * @return the number of rows
     * @throws QueryRefusedException when {@code sql} is anything but one SELECT
     * @throws QueryFailedException  with DuckDB's first message line when it fails, or when it ran past query.timeout
     */
    public long query(String sql, Rows rows) {
        check(sql);
        return QueryExecution.rows(session.connection(), sql, rows, timeout);
    }

    /**
     * Runs one SELECT into a Parquet file at {@code output} (written in the query's spill directory, then moved).
     *
     * @throws QueryRefusedException when {@code sql} is anything but one SELECT
     * @throws QueryFailedException  with DuckDB's first message line when it fails, or when it ran past query.timeout
     */
    public long queryToParquet(String sql, Path output) throws IOException {
        check(sql);
        Path scratch = session.scratch();
        try {
            long rows = QueryExecution.parquet(session.connection(), sql, scratch, timeout);
            Files.move(scratch, output, StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private void check(String sql) {
        try {
            SelectOnly.check(session.connection(), sql);
        } catch (SQLException e) {
            throw new QueryFailedException(SqlText.duckDbMessage(e), e);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
