package io.duckdock.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duckdock query} with lake.dir on a Hadoop file system, which DuckDB cannot read: what needs the
 * lake is refused with one sentence, never answered from the warehouse alone. No file system is contacted.
 */
class RemoteLakeQueryTest {
    private static final Duration LOCK_WAIT = Duration.ofMillis(200);
    private static final String LAKE = "hdfs://127.0.0.1:1/events/lake";

    @TempDir
    Path home;

    private DuckDockConfig ingestedWithALocalLake() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 2, 10, 1_700_000_000_000_000L);
        TestHomes.ingestOnce(config);
        return config;
    }

    @Test
    void query_withTheLakeOnHdfsAndNothingPurged_readsAllEventsFromTheWarehouse() throws Exception {
        ingestedWithALocalLake();
        DuckDockConfig remote = TestHomes.config(home, "lake.dir", LAKE);

        try (ReadOnlySql sql = ReadOnlySql.open(remote, LOCK_WAIT)) {
            assertThat(rows(sql, "SELECT count(*) FROM all_events")).containsExactly(List.of(10L));
        }
    }

    @Test
    void query_allEventsAfterAPurgeWithTheLakeOnHdfs_isRefusedNamingLakeDir() throws Exception {
        DuckDockConfig config = ingestedWithALocalLake();
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:duckdb:" + config.layout().database());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO lake_retention VALUES (1, TIMESTAMP '2023-11-01', TIMESTAMP '2023-11-20')");
        }
        DuckDockConfig remote = TestHomes.config(home, "lake.dir", LAKE);

        try (ReadOnlySql sql = ReadOnlySql.open(remote, LOCK_WAIT)) {
            assertThat(rows(sql, "SELECT count(*) FROM events")).containsExactly(List.of(10L));
            assertThatThrownBy(() -> rows(sql, "SELECT count(*) FROM all_events"))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageContaining("all_events needs the events older than warehouse.hot-days, which are"
                            + " only in the lake, and lake.dir = " + LAKE + " is on hdfs://127.0.0.1:1, which DuckDB"
                            + " cannot read: query events for the hot window, or read the lake's Iceberg table "
                            + LAKE + "/events with Spark or Trino (or DuckDB on a machine that mounts it)");
        }
    }

    @Test
    void query_withoutAWarehouseAndTheLakeOnHdfs_isRefusedNamingLakeDir() {
        DuckDockConfig remote = TestHomes.config(home, "lake.dir", LAKE);

        assertThatThrownBy(() -> ReadOnlySql.open(remote, LOCK_WAIT))
                .isInstanceOf(QueryFailedException.class)
                .hasMessage("There is no warehouse " + remote.layout().database() + " and lake.dir = " + LAKE
                        + " is on hdfs://127.0.0.1:1, which DuckDB cannot read: query again once the ingester"
                        + " releases the warehouse (or run 'duckdock restore'), or read the lake's Iceberg table "
                        + LAKE + "/events with Spark or Trino");
    }

    private static List<List<Object>> rows(ReadOnlySql sql, String query) {
        List<List<Object>> rows = new ArrayList<>();
        sql.query(query, new ReadOnlySql.Rows() {
            @Override
            public void columns(List<String> names) {}

            @Override
            public void row(List<Object> values) {
                rows.add(values);
            }
        });
        return rows;
    }
}
