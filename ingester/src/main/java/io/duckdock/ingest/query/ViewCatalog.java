package io.duckdock.ingest.query;

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
    static void overWarehouse(Connection connection, Path lake) throws SQLException, IOException {
        exec(connection, "USE warehouse");
        exec(connection, "CREATE TEMP VIEW all_events AS " + allEvents(connection, lake));
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
