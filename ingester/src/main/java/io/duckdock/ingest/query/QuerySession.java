package io.duckdock.ingest.query;

import io.duckdock.config.Layout;
import io.duckdock.ingest.sql.LockRetry;
import io.duckdock.ingest.sql.SqlText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory DuckDB connection set up for one analyst query: UTC, its spill files
 * in a fresh private directory, the warehouse attached READ_ONLY when the ingester lets go of it in
 * time, the relations of {@link ViewCatalog}, and file access sealed by {@link FileAccess}.
 */
final class QuerySession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuerySession.class);

    private final Connection connection;
    private final ReadOnlySql.Source source;
    private final Optional<String> notice;
    private final Path spill;

    private QuerySession(Connection connection, ReadOnlySql.Source source, Optional<String> notice, Path spill) {
        this.connection = connection;
        this.source = source;
        this.notice = notice;
        this.spill = spill;
    }

    /**
     * @throws QueryFailedException  when there is nothing to read or the home cannot be opened
     * @throws QueryRefusedException when DuckDB would allow reading more than DuckDock intends
     */
    static QuerySession open(Layout layout, Duration lockWait) {
        Connection connection = null;
        Path spill = null;
        try {
            spill = Files.createTempDirectory("duckdock-query-spill-").toRealPath();
            connection = DriverManager.getConnection("jdbc:duckdb:");
            configure(connection, spill);
            Optional<Path> warehouse = warehouseFile(layout);
            boolean attached = warehouse.isPresent() && attach(connection, warehouse.get(), lockWait);
            ReadOnlySql.Source source = createRelations(connection, layout, attached);
            Optional<String> notice = warehouse.isPresent() && !attached
                    ? Optional.of("the warehouse " + layout.database() + " stayed locked by the ingester for "
                            + lockWait.toMillis() + " ms; reading the lake only (events, all_events and the views; "
                            + "no ledger tables)")
                    : Optional.empty();
            // a remote lake is not read by DuckDB: only the spill directory is readable then
            Path readable = layout.lakeDir().isLocal() ? layout.lake() : spill;
            new FileAccess(readable, spill, warehouse.filter(db -> attached)).seal(connection);
            return new QuerySession(connection, source, notice, spill);
        } catch (SQLException | IOException | RuntimeException e) {
            cleanUp(connection, spill, e);
            if (e instanceof QueryFailedException || e instanceof QueryRefusedException) {
                throw (RuntimeException) e;
            }
            String reason = e instanceof SQLException sql ? SqlText.duckDbMessage(sql) : String.valueOf(e.getMessage());
            throw new QueryFailedException("Cannot open " + layout.home() + " for reading: " + reason, e);
        }
    }

    /**
     * @throws QueryFailedException when neither the warehouse is attached nor the lake holds files
     */
    private static ReadOnlySql.Source createRelations(Connection connection, Layout layout, boolean attached)
            throws SQLException, IOException {
        if (attached) {
            ViewCatalog.overWarehouse(connection, layout.lakeDir());
            return ReadOnlySql.Source.WAREHOUSE;
        }
        if (!layout.lakeDir().isLocal()) {
            throw new QueryFailedException(
                    (Files.exists(Path.of(layout.database()))
                                    ? "The warehouse " + layout.database() + " stayed locked by the ingester"
                                    : "There is no warehouse " + layout.database())
                            + " and lake.dir = " + layout.lakeDir() + " is on "
                            + layout.lakeDir().fileSystem()
                            + ", which DuckDB cannot read: query again once the ingester releases the warehouse"
                            + " (or run 'duckdock restore'), or read the lake's Iceberg table " + layout.lakeDir()
                            + "/events with Spark or Trino",
                    null);
        }
        if (ViewCatalog.lakeHasFiles(layout.lake())) {
            ViewCatalog.overLake(connection, layout.lake());
            return ReadOnlySql.Source.LAKE;
        }
        throw new QueryFailedException(
                "Nothing to query yet: neither " + layout.database() + " nor lake files under " + layout.lake()
                        + " exist; run the ingester first.",
                null);
    }

    /** The database file with symbolic links resolved, as DuckDB names it in allowed_paths; empty if none yet. */
    private static Optional<Path> warehouseFile(Layout layout) throws IOException {
        if (layout.inMemoryDatabase() || !Files.exists(Path.of(layout.database()))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(layout.database()).toRealPath());
    }

    /** Spill goes to {@code spill} only. */
    private static void configure(Connection connection, Path spill) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            // DuckDB allows reading its temp_directory (by default .tmp/ of the working directory)
            statement.execute("SET temp_directory = " + SqlText.literal(spill.toString()));
        }
    }

    /** @return false when the ingester held the file for all of {@code lockWait} */
    private static boolean attach(Connection connection, Path database, Duration lockWait) throws SQLException {
        return LockRetry.runOrGiveUp(database.toString(), lockWait, () -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(
                                "ATTACH " + SqlText.literal(database.toString()) + " AS warehouse (READ_ONLY)");
                    }
                    return true;
                })
                .isPresent();
    }

    Connection connection() {
        return connection;
    }

    ReadOnlySql.Source source() {
        return source;
    }

    Optional<String> notice() {
        return notice;
    }

    /** Where a Parquet result is written before it is moved to its destination: in the private spill directory. */
    Path scratch() {
        return spill.resolve("result.parquet");
    }

    @Override
    public void close() {
        cleanUp(connection, spill, null);
    }

    /** Closes the connection (releasing the read-only attachment) and deletes the spill directory. */
    private static void cleanUp(Connection connection, Path spill, Exception failure) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
        if (spill != null) {
            try (Stream<Path> files = Files.walk(spill)) {
                files.sorted(Comparator.reverseOrder()).forEach(QuerySession::delete);
            } catch (IOException e) {
                LOG.warn("Cannot delete the query's spill directory {}: {}", spill, e.toString());
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete the query's temp file {}: {}", file, e.toString());
        }
    }
}
