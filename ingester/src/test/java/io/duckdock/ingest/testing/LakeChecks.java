package io.duckdock.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.lake.Lake;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.storage.LakeStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/** Checks of a lake at lake.dir, local or on HDFS, against the warehouse. */
public final class LakeChecks {
    private LakeChecks() {}

    /** The lake's Iceberg tables, opened afresh as another process would. */
    public static IcebergLake iceberg(DuckDockConfig config) {
        return IcebergLake.at(LakeStorage.of(
                config.layout().lakeDir(), config.hadoop(), config.layout().spool()));
    }

    /** {all, distinct} events a reader of a local lake's glob sees. */
    public static long[] globCounts(DuckDockConfig config) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM "
                        + "read_parquet('" + Lake.glob(config.layout().lake()) + "', hive_partitioning = true)")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    /** The lake's events read with Iceberg's generic reader equal the warehouse's, row for row. */
    public static void assertLakeEqualsWarehouse(DuckDockConfig config) {
        List<String> warehouse = Warehouses.rows(
                        config.layout().database(), "SELECT event_id, sequence, event_offset, batch_id FROM events")
                .stream()
                .map(r -> String.join("|", r))
                .sorted()
                .toList();
        assertThat(IcebergReads.rows(iceberg(config).events(), "event_id", "sequence", "event_offset", "batch_id"))
                .as("the lake's events (Iceberg reader) against the warehouse's")
                .isEqualTo(warehouse);
    }

    /** Neither a hidden file in the lake on {@code fs} (an upload or a replaced file left over) nor a spool copy. */
    public static void assertNothingLeftBehind(DuckDockConfig config, FileSystem fs) throws Exception {
        List<String> hidden = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(
                new org.apache.hadoop.fs.Path(config.layout().lakeDir().uri()), true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path file = files.next().getPath();
            if (file.getName().startsWith(".")) {
                hidden.add(file.toString());
            }
        }
        assertThat(hidden).as("hidden files in the lake").isEmpty();
        Path spool = config.layout().spool();
        if (Files.exists(spool)) {
            try (Stream<Path> left = Files.walk(spool)) {
                assertThat(left.filter(Files::isRegularFile).toList())
                        .as("spool files")
                        .isEmpty();
            }
        }
    }
}
