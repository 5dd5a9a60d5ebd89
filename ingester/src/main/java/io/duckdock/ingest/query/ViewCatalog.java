package io.duckdock.ingest.query;

import io.duckdock.config.Location;
import io.duckdock.ingest.lake.Lake;
import io.duckdock.ingest.sql.SqlText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * The relations a query sees. Over the attached warehouse: its own tables and views, plus
 * {@code all_events}. Over the lake alone: {@code events} read from the Parquet files, the analytic
 * views over it, and {@code all_events}.
 */
final class ViewCatalog {
    private ViewCatalog() {}

    /** Over the warehouse attached as {@code warehouse}, made the default catalog. */
    static void overWarehouse(Connection connection, Location lake) throws SQLException, IOException {
        exec(connection, "USE warehouse");
        String allEvents = lake.isLocal() ? allEvents(connection, lake.localPath()) : allEvents(connection, lake);
        exec(connection, "CREATE TEMP VIEW all_events AS " + allEvents);
    }

    /**
     * {@code all_events} with the lake on a remote file system, which DuckDB cannot read: the hot rows
     * alone while nothing was purged (that is every event), otherwise a view that fails with one
     * sentence when read, never a silently partial answer.
     */
    private static String allEvents(Connection connection, Location lake) throws SQLException {
        String hot = "SELECT * FROM warehouse.main.events";
        try (Statement statement = connection.createStatement();
                ResultSet cutoff = statement.executeQuery("SELECT purged_before FROM warehouse.main.lake_retention")) {
            if (!cutoff.next()) {
                return hot;
            }
        }
        // a scalar subquery: DuckDB evaluates it, and fails, whether or not hot rows remain
        return hot + " WHERE (SELECT error(" + SqlText.literal(remoteLakeMessage(lake)) + ")) IS NULL";
    }

    /** Why the events older than warehouse.hot-days cannot be read here, and what to do. */
    static String remoteLakeMessage(Location lake) {
        return "all_events needs the events older than warehouse.hot-days, which are only in the lake, and"
                + " lake.dir = " + lake + " is on " + lake.fileSystem() + ", which DuckDB cannot read: query"
                + " events for the hot window, or read the lake's Iceberg table " + lake + "/events with Spark"
                + " or Trino (or DuckDB on a machine that mounts it)";
    }

    /** Over the lake's files alone. */
    static void overLake(Connection connection, Path lake) throws SQLException {
        exec(
                connection,
                "CREATE VIEW events AS SELECT * EXCLUDE (event_date) FROM read_parquet("
                        + SqlText.literal(Lake.glob(lake)) + ", hive_partitioning = true)");
        for (String view : AnalyticViews.statements()) {
            exec(connection, view);
        }
        exec(connection, "CREATE VIEW all_events AS SELECT * FROM events");
    }

    /** Whether the lake holds any visible Parquet file of events. */
    static boolean lakeHasFiles(Path lake) throws IOException {
        Path events = lake.resolve("events");
        if (!Files.isDirectory(events)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(events)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")
                    && !f.getFileName().toString().startsWith("."));
        }
    }

    /** Hot rows from the database plus, after a purge, the purged range from the lake, each event once. */
    private static String allEvents(Connection connection, Path lake) throws SQLException, IOException {
        String hot = "SELECT * FROM warehouse.main.events";
        if (!lakeHasFiles(lake)) {
            return hot;
        }
        try (Statement statement = connection.createStatement();
                ResultSet cutoff = statement.executeQuery("SELECT purged_before FROM warehouse.main.lake_retention")) {
            if (!cutoff.next()) {
                return hot;
            }
        }
        String purged = "\"timestamp\" < (SELECT purged_before FROM warehouse.main.lake_retention)";
        return hot + " UNION ALL SELECT * EXCLUDE (event_date) FROM read_parquet(" + SqlText.literal(Lake.glob(lake))
                + ", hive_partitioning = true) WHERE " + purged + " AND event_offset NOT IN "
                + "(SELECT event_offset FROM warehouse.main.events WHERE " + purged + ")";
    }

    private static void exec(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
