package io.duckdock.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.history.IngestHistory;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.WriterHolderMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlySqlTest {
    private static final Duration LOCK_WAIT = Duration.ofMillis(500);
    private static final String ENDLESS = "SELECT count(*) FROM range(10000000000) a, range(10) b";

    @TempDir
    Path home;

    private DuckDockConfig config;

    @BeforeEach
    void ingestTwentyEvents() throws Exception {
        config = TestHomes.config(home, "query.timeout", "500ms");
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 2, 20, 1_700_000_000_000_000L);
        TestHomes.ingestOnce(config);
    }

    @Test
    void open_allowsReadingOnlyTheLakeTheWarehouseFilesAndItsOwnSpillDirectory() throws Exception {
        List<List<Object>> directories;
        List<List<Object>> paths;
        List<List<Object>> temp;
        try (ReadOnlySql sql = ReadOnlySql.open(config, LOCK_WAIT)) {
            directories = rows(sql, "SELECT unnest(current_setting('allowed_directories')) ORDER BY 1");
            paths = rows(sql, "SELECT unnest(current_setting('allowed_paths')) ORDER BY 1");
            temp = rows(sql, "SELECT current_setting('temp_directory') || '/'");
        }
        String lake = home.resolve("lake").toRealPath() + "/";
        String db = home.resolve("warehouse.duckdb").toString();
        assertThat(directories).hasSize(2).contains(List.of(lake));
        String spill = (String) directories.stream()
                .filter(d -> !d.get(0).equals(lake))
                .findFirst()
                .orElseThrow()
                .get(0);
        assertThat(temp).containsExactly(List.of(spill));
        assertThat(Path.of(spill).getFileName().toString()).startsWith("duckdock-query-spill-");
        assertThat(Path.of(spill))
                .as("the spill directory is deleted with the session")
                .doesNotExist();
        assertThat(paths)
                .containsExactly(
                        List.of(db),
                        List.of(db + ".wal"),
                        List.of(db + ".wal.checkpoint"),
                        List.of(db + ".wal.recovery"));
    }

    @Test
    void open_throughASymbolicLinkToTheHome_readsTheWarehouseAndTheLake(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("home-link"), home);
        DuckDockConfig linked = TestHomes.config(link);

        try (ReadOnlySql sql = ReadOnlySql.open(linked, LOCK_WAIT)) {
            assertThat(sql.source()).isEqualTo(ReadOnlySql.Source.WAREHOUSE);
            assertThat(rows(sql, "SELECT count(*) FROM events")).containsExactly(List.of(20L));
            assertThat(rows(
                            sql,
                            "SELECT count(*) FROM read_parquet('" + link.resolve("lake/events/*/*.parquet") + "')"))
                    .containsExactly(List.of(20L));
        }
    }

    @Test
    @Tag("jvm")
    void open_whileAWriterHoldsTheWarehouse_readsTheLakeAloneAndSaysSo() throws Exception {
        Path log = home.resolve("holder.log");
        Process holder =
                JavaProcess.start(WriterHolderMain.class, log, config.layout().database(), "60000");
        try {
            JavaProcess.awaitLine(holder, log, "ready", 60);
            try (ReadOnlySql sql = ReadOnlySql.open(config, LOCK_WAIT)) {
                assertThat(sql.source()).isEqualTo(ReadOnlySql.Source.LAKE);
                assertThat(sql.notice())
                        .contains("the warehouse " + config.layout().database() + " stayed locked by "
                                + "the ingester for 500 ms; reading the lake only (events, all_events and the views; "
                                + "no ledger tables)");
                assertThat(rows(sql, "SELECT count(*) FROM all_events")).containsExactly(List.of(20L));
            }
            assertThat(IngestHistory.recentBatchesOrNone(config.layout().database(), LOCK_WAIT, 5))
                    .isEmpty();
        } finally {
            holder.destroy();
            holder.waitFor();
        }
        assertThat(IngestHistory.recentBatchesOrNone(config.layout().database(), LOCK_WAIT, 5))
                .hasSize(1);
    }

    @Test
    void seal_refusesAConnectionThatAllowsDuckDbsDefaultTempDirectory() throws Exception {
        Path spill = Files.createDirectories(home.resolve("spill"));
        String lake = home.resolve("lake").toRealPath() + "/";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            FileAccess access = new FileAccess(home.resolve("lake"), spill, Optional.empty());

            assertThatThrownBy(() -> access.seal(connection))
                    .isInstanceOf(QueryRefusedException.class)
                    .hasMessageStartingWith("duckdock query refuses to run: DuckDB would let the query read the "
                            + "directories "
                            + new TreeSet<>(List.of(lake, Path.of(".tmp").toAbsolutePath() + "/"))
                            + " and the files [], but DuckDock allows only "
                            + new TreeSet<>(List.of(lake, spill.toRealPath() + "/")) + " and []; nothing was run.");
        }
    }

    @Test
    void query_runningPastQueryTimeout_isInterruptedWithAMessageNamingTheKey() {
        long start = System.nanoTime();
        try (ReadOnlySql sql = ReadOnlySql.open(config, LOCK_WAIT)) {
            assertThatThrownBy(() -> rows(sql, ENDLESS))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessage("the query ran longer than query.timeout (500ms) and was stopped, so that it does not "
                            + "keep the ingester waiting; narrow it (WHERE, LIMIT) or raise the limit, e.g. "
                            + "--set query.timeout=1500ms.");
            assertThat(rows(sql, "SELECT count(*) FROM events"))
                    .as("the session still answers")
                    .containsExactly(List.of(20L));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void query_whoseReaderIsSlowerThanQueryTimeout_stopsAtTheNextRow() {
        List<Object> seen = new ArrayList<>();
        try (ReadOnlySql sql = ReadOnlySql.open(config, LOCK_WAIT)) {
            assertThatThrownBy(() -> sql.query("SELECT * FROM range(100)", new ReadOnlySql.Rows() {
                        @Override
                        public void columns(List<String> names) {}

                        @Override
                        public void row(List<Object> values) {
                            seen.add(values.get(0));
                            sleep(50);
                        }
                    }))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageStartingWith("the query ran longer than query.timeout");
        }
        assertThat(seen).hasSizeBetween(5, 20);
    }

    @Test
    void queryToParquet_runningPastQueryTimeout_writesNothing() throws Exception {
        Path output = home.resolve("out.parquet");
        try (ReadOnlySql sql = ReadOnlySql.open(config, LOCK_WAIT)) {
            assertThatThrownBy(() -> sql.queryToParquet(ENDLESS, output))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageStartingWith("the query ran longer than query.timeout (500ms) and was stopped");
        }
        assertThat(output).doesNotExist();
    }

    @Test
    void queryToParquet_takesTheSelectAsItIs_trailingSemicolonAndCommentIncluded() throws Exception {
        Path output = home.resolve("out.parquet");
        try (ReadOnlySql sql = ReadOnlySql.open(config, LOCK_WAIT)) {
            assertThat(sql.queryToParquet("SELECT count(*) AS n FROM events; -- note", output))
                    .isEqualTo(1);
            assertThatThrownBy(() ->
                            sql.queryToParquet("SELECT 1) TO '" + home.resolve("x.csv") + "' (FORMAT csv); --", output))
                    .isInstanceOf(QueryFailedException.class)
                    .hasMessageStartingWith("Parser Error: ");
        }
        assertThat(home.resolve("x.csv")).doesNotExist();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement();
                ResultSet n = statement.executeQuery("SELECT n FROM read_parquet('" + output + "')")) {
            assertThat(n.next()).isTrue();
            assertThat(n.getLong(1)).isEqualTo(20);
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
