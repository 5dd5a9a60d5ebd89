package io.duckdock.ingest.query;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.config.Layout;
import io.duckdock.ingest.lake.Lake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read-only SQL over a DuckDock home for analysts. The warehouse is attached READ_ONLY for the
 * life of this object (keep it short: the ingester waits for it up to ingest.lock-timeout); when
 * the ingester holds it past {@code lockWait}, the lake alone is read. Either way only a single
 * SELECT runs, on a connection whose file access is limited to the lake and whose configuration is
 * locked, so SET, PRAGMA, ATTACH, COPY, INSTALL and LOAD fail even if the statement check were bypassed.
 */
public final class ReadOnlySql implements AutoCloseable {
    private static final String LOCK_CONFLICT = "Could not set lock on file";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Where the rows come from. */
    public enum Source { WAREHOUSE, LAKE }

    /** Receives a result: the column names once, then each row (numbers and booleans as such, others as text). */
    public interface Rows {
        void columns(List<String> names);

        void row(List<Object> values);
    }

    private final Connection connection;
    private final Source source;
    private final Optional<String> notice;
    private final Optional<Path> parquetScratch;

    private ReadOnlySql(Connection connection, Source source, Optional<String> notice, Optional<Path> scratch) {
        this.connection = connection;
        this.source = source;
        this.notice = notice;
        this.parquetScratch = scratch;
    }

    /**
     * @param parquetOutput whether {@link #queryToParquet} will be used (reserves a scratch file the
     *                      locked connection may write)
     * @throws QueryFailedException when there is nothing to read (no warehouse, no lake files)
     */
    public static ReadOnlySql open(DuckDockConfig config, Duration lockWait, boolean parquetOutput) {
        Layout layout = config.layout();
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'");
            }
            boolean lakeHasFiles = lakeHasFiles(layout.lake());
            String glob = Lake.glob(layout.lake());
            Source source;
            Optional<String> notice = Optional.empty();
            if (!layout.inMemoryDatabase() && Files.exists(Path.of(layout.database()))
                    && attach(connection, layout.database(), lockWait)) {
                source = Source.WAREHOUSE;
                exec(connection, "USE warehouse");
                exec(connection, "CREATE TEMP VIEW all_events AS " + allEvents(connection, glob, lakeHasFiles));
            } else if (lakeHasFiles) {
                source = Source.LAKE;
                if (!layout.inMemoryDatabase() && Files.exists(Path.of(layout.database()))) {
                    notice = Optional.of("the warehouse " + layout.database() + " stayed locked by the ingester for "
                            + lockWait.toMillis() + " ms; reading the lake only (events, all_events and the views; "
                            + "no ledger tables)");
                }
                exec(connection, "CREATE VIEW events AS SELECT * EXCLUDE (event_date) FROM read_parquet("
                        + literal(glob) + ", hive_partitioning = true)");
                for (String view : AnalyticViews.statements()) {
                    exec(connection, view);
                }
                exec(connection, "CREATE VIEW all_events AS SELECT * FROM events");
            } else {
                throw new QueryFailedException("Nothing to query yet: neither " + layout.database()
                        + " nor lake files under " + layout.lake() + " exist; run the ingester first.", null);
            }
            Optional<Path> scratch = Optional.empty();
            String allowedPaths = "[]";
            if (parquetOutput) {
                Path file = Files.createTempFile("duckdock-query-", ".parquet");
                Files.delete(file);
                scratch = Optional.of(file);
                allowedPaths = "[" + literal(file.toString()) + "]";
            }
            exec(connection, "SET allowed_directories = [" + literal(layout.lake().toString() + "/") + "]");
            exec(connection, "SET allowed_paths = " + allowedPaths);
            exec(connection, "SET enable_external_access = false");
            exec(connection, "SET lock_configuration = true");
            return new ReadOnlySql(connection, source, notice, scratch);
        } catch (SQLException | IOException | RuntimeException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException close) {
                    e.addSuppressed(close);
                }
            }
            if (e instanceof QueryFailedException failed) {
                throw failed;
            }
            throw new QueryFailedException("Cannot open " + layout.home() + " for reading: " + firstLine(e), e);
        }
    }

    private static boolean attach(Connection connection, String database, Duration lockWait) throws SQLException {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (true) {
            try {
                exec(connection, "ATTACH " + literal(database) + " AS warehouse (READ_ONLY)");
                return true;
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains(LOCK_CONFLICT)) {
                    throw e;
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new QueryFailedException("Interrupted while waiting for " + database, interrupted);
                }
            }
        }
    }

    /** Hot rows from the database plus, after a purge, the purged range from the lake, each event once. */
    private static String allEvents(Connection connection, String glob, boolean lakeHasFiles) throws SQLException {
        String hot = "SELECT * FROM warehouse.main.events";
        if (!lakeHasFiles) {
            return hot;
        }
        try (Statement statement = connection.createStatement();
             ResultSet cutoff = statement.executeQuery("SELECT purged_before FROM warehouse.main.lake_retention")) {
            if (!cutoff.next()) {
                return hot;
            }
        }
        String purged = "\"timestamp\" < (SELECT purged_before FROM warehouse.main.lake_retention)";
        return hot + " UNION ALL SELECT * EXCLUDE (event_date) FROM read_parquet(" + literal(glob)
                + ", hive_partitioning = true) WHERE " + purged + " AND event_offset NOT IN "
                + "(SELECT event_offset FROM warehouse.main.events WHERE " + purged + ")";
    }

    private static boolean lakeHasFiles(Path lake) throws IOException {
        Path events = lake.resolve("events");
        if (!Files.isDirectory(events)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(events)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")
                    && !f.getFileName().toString().startsWith("."));
        }
    }

    public Source source() {
        return source;
    }

    /** Why the query does not read the warehouse, when it does not. */
    public Optional<String> notice() {
        return notice;
    }

    /**
     * Runs one SELECT and streams its rows.
     *
     * @return the number of rows
     * @throws QueryRefusedException when {@code sql} is anything but one SELECT
     * @throws QueryFailedException  with DuckDB's first message line when it fails
     */
    public long query(String sql, Rows rows) {
        try {
            SelectOnly.check(connection, sql);
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                ResultSetMetaData meta = result.getMetaData();
                List<String> names = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    names.add(meta.getColumnLabel(c));
                }
                rows.columns(names);
                long count = 0;
                while (result.next()) {
                    List<Object> values = new ArrayList<>(names.size());
                    for (int c = 1; c <= names.size(); c++) {
                        values.add(value(result, meta, c));
                    }
                    rows.row(values);
                    count++;
                }
                return count;
            }
        } catch (SQLException e) {
            throw new QueryFailedException(firstLine(e), e);
        }
    }

    /**
     * Runs one SELECT into a Parquet file at {@code output} (written to a scratch file, then moved).
     *
     * @throws IllegalStateException when opened without {@code parquetOutput}
     */
    public long queryToParquet(String sql, Path output) throws IOException {
        Path scratch = parquetScratch.orElseThrow(() -> new IllegalStateException("opened without parquetOutput"));
        try {
            SelectOnly.check(connection, sql);
            String select = sql.strip().replaceAll(";+\\s*$", "");
            long rows;
            try (Statement statement = connection.createStatement()) {
                // the scratch path is DuckDock's own temp file; the SELECT passed the check above
                rows = statement.executeLargeUpdate("COPY (" + select + "\n) TO " + literal(scratch.toString())
                        + " (FORMAT parquet)");
            }
            Files.move(scratch, output, StandardCopyOption.REPLACE_EXISTING);
            return rows;
        } catch (SQLException e) {
            throw new QueryFailedException(firstLine(e), e);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static Object value(ResultSet result, ResultSetMetaData meta, int column) throws SQLException {
        Object value = result.getObject(column);
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (meta.getColumnType(column) == Types.TIMESTAMP) {
            LocalDateTime time = result.getObject(column, LocalDateTime.class);
            String text = SECONDS.format(time);
            return time.getNano() == 0 ? text
                    : text + String.format(".%06d", time.getNano() / 1000).replaceAll("0+$", "");
        }
        return result.getString(column);
    }

    private static void exec(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing was written; the read-only attachment is released with the connection
        }
    }
}
