package io.duckdock.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryCommandTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path home;

    @BeforeEach
    void ingestTwentyEvents() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 2, 20, T0);
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config)) {
            ingester.runOnce(lock);
        }
    }

    @Test
    void query_toAnOutputInAMissingFolder_exitsTwoNamingThePath() {
        for (String output : new String[] {"no-such-dir/out.csv", "no-such-dir/out.parquet"}) {
            Path target = home.resolve(output);

            CliRun run = CliRun.inHome(home, "query", "-o", target.toString(), "SELECT 1 AS x");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
            assertThat(run.err).startsWith("Cannot write --output " + target).doesNotContain("internal error");
        }
    }

    @Test
    void query_printsAnAlignedTableByDefault() {
        CliRun run =
                CliRun.inHome(home, "query", "SELECT conversation_id, count(*) AS n FROM events GROUP BY 1 ORDER BY 1");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .isEqualTo("conversation_id  n \nc-0              10\nc-1              10\n(2 rows)\n"
                        .replace("n \n", "n\n"));
    }

    @Test
    void query_writesCsvJsonAndParquet() throws Exception {
        String select = "SELECT conversation_id, count(*) AS n FROM events GROUP BY 1 ORDER BY 1";
        assertThat(CliRun.inHome(home, "query", "--format", "csv", select).out)
                .isEqualTo("conversation_id,n\r\nc-0,10\r\nc-1,10\r\n");
        assertThat(CliRun.inHome(home, "query", "--format=json", select).out)
                .isEqualTo("[{\"conversation_id\":\"c-0\",\"n\":10},{\"conversation_id\":\"c-1\",\"n\":10}]\n");
        Path parquet = home.resolve("out.parquet");
        CliRun run = CliRun.inHome(home, "query", "--output", parquet.toString(), select);
        assertThat(run.exitCode).as(run.toString()).isZero();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet sum = duckdb.createStatement().executeQuery("SELECT sum(n) FROM '" + parquet + "'")) {
            sum.next();
            assertThat(sum.getLong(1)).isEqualTo(20);
        }
    }

    @Test
    void query_writesParquetForASelectEndingInASemicolonAndAComment() throws Exception {
        Path parquet = home.resolve("x.parquet");
        CliRun run = CliRun.inHome(home, "query", "-o", parquet.toString(), "SELECT 1 AS x; -- note");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).isEqualTo("wrote 1 rows to " + parquet + "\n");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                ResultSet x = duckdb.createStatement().executeQuery("SELECT x FROM '" + parquet + "'")) {
            x.next();
            assertThat(x.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void query_printsTimestampsToTheSecondOrMicrosecond() {
        CliRun run = CliRun.inHome(
                home,
                "query",
                "--format=csv",
                "SELECT TIMESTAMP '2024-03-01 10:00:00' AS a, TIMESTAMP '2024-03-01 10:00:00.1205' AS b");

        assertThat(run.out).as(run.toString()).isEqualTo("a,b\r\n2024-03-01 10:00:00,2024-03-01 10:00:00.1205\r\n");
    }

    @Test
    void query_runningPastQueryTimeout_isStoppedWithExit2AndSaysWhatToDo() {
        CliRun run = CliRun.inHome(
                home, "query", "--set=query.timeout=300ms", "SELECT count(*) FROM range(10000000000) a, range(10) b");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err.strip())
                .isEqualTo("duckdock query failed: the query ran longer than query.timeout (300ms)"
                        + " and was stopped, so that it does not keep the ingester waiting; narrow it (WHERE, LIMIT) or raise"
                        + " the limit, e.g. --set query.timeout=900ms.");
    }

    @Test
    void query_readsTheStatementFromAFile() throws Exception {
        Path file = Files.writeString(
                home.resolve("q.sql"),
                "-- events per status\nSELECT status, count(*) " + "FROM conversation_state GROUP BY 1;\n");
        CliRun run = CliRun.inHome(home, "query", "-f", file.toString(), "--format", "csv");
        assertThat(run.out).as(run.toString()).isEqualTo("status,count_star()\r\nstarted,2\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "INSERT | INSERT INTO events SELECT * FROM events",
                "UPDATE | UPDATE events SET event_type = 'x'",
                "DELETE | DELETE FROM events",
                "CREATE | CREATE TABLE t AS SELECT 1",
                "DROP | DROP TABLE events",
                "ATTACH | ATTACH '/tmp/other.duckdb' AS other",
                "COPY | COPY events TO '/tmp/events.csv'",
                "INSTALL | INSTALL httpfs",
                "LOAD | LOAD httpfs",
                "SET | SET enable_external_access = true",
                "PRAGMA | PRAGMA enable_profiling",
            })
    void query_refusesEveryStatementThatIsNotASelect(String kind, String sql) {
        CliRun run = CliRun.inHome(home, "query", sql);

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err.strip())
                .isEqualTo("duckdock query is read-only: " + kind
                        + " statements are refused; run a single SELECT (or WITH ... SELECT).");
    }

    @Test
    void query_refusesMoreThanOneStatement() {
        CliRun run = CliRun.inHome(home, "query", "SELECT 1; DROP TABLE events");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).startsWith("duckdock query is read-only: only a single SELECT statement is accepted");
        assertThat(CliRun.inHome(home, "query", "SELECT 1; SELECT 2").err)
                .startsWith(
                        "duckdock query is read-only: only a single SELECT statement is accepted, got 2 statements");
    }

    @Test
    void query_cannotReadFilesOutsideTheLake() throws Exception {
        Path outside = Files.writeString(home.getParent().resolve("secret-" + System.nanoTime() + ".csv"), "a\n1\n");
        try {
            for (String sql : new String[] {
                "SELECT * FROM read_csv('" + outside + "')",
                "SELECT * FROM read_parquet('" + home.resolve("lake/../staging/../../*.parquet") + "')",
                "SELECT * FROM read_text('/etc/passwd')"
            }) {
                CliRun run = CliRun.inHome(home, "query", sql);
                assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
                assertThat(run.err).as(sql).startsWith("duckdock query failed: Permission Error:");
            }
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void query_failingPrintsDuckDbsMessageWithoutAStackTrace() {
        CliRun run = CliRun.inHome(home, "query", "SELECT * FROM no_such_table");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err)
                .startsWith("duckdock query failed: Catalog Error: Table with name no_such_table does not exist");
        assertThat(run.err).doesNotContain("\tat ").hasLineCount(1);
        assertThat(CliRun.inHome(home, "query", "SELEC 1").err).startsWith("duckdock query failed: Parser Error:");
    }

    @Test
    void views_printsTheShippedSqlFile() {
        CliRun run = CliRun.inHome(home, "views", "--sql");
        assertThat(run.out).contains("CREATE OR REPLACE VIEW conversation_state AS");
    }
}
