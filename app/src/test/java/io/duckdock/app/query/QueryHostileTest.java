package io.duckdock.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckdock.app.CliRun;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile queries: every one is refused or fails, prints nothing it should not have read, and
 * leaves every file of the home and outside it as it was. {@code OUT} stands for a directory
 * beside the home, {@code HOME} for the home and {@code LAKE} for its lake directory.
 */
class QueryHostileTest {
    private static final String SECRET = "SECRET-7f3a";
    private static final String REFUSED = "duckdock query is read-only: ";
    private static final String PERMISSION = "duckdock query failed: Permission Error: ";

    @TempDir
    static Path base;

    static Path home;
    static Path outside;

    @BeforeAll
    static void homeWithEventsSecretsAndLinks() throws Exception {
        home = base.resolve("home");
        outside = Files.createDirectories(base.resolve("outside"));
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 2, 20, 1_700_000_000_000_000L);
        TestHomes.ingestOnce(config);
        Files.writeString(outside.resolve("secret.csv"), "s\n" + SECRET + "\n");
        Parquet.write(outside.resolve("secret.parquet"), "SELECT '" + SECRET + "' AS s");
        Files.writeString(home.resolve("staging").resolve("staged.csv"), "s\n" + SECRET + "\n");
        Files.writeString(home.resolve("duckdock.properties"), "# " + SECRET + "\n");
        Path lake = config.layout().lake();
        Files.createSymbolicLink(lake.resolve("linked-dir"), outside);
        Files.createSymbolicLink(lake.resolve("events").resolve("linked.parquet"), outside.resolve("secret.parquet"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // statements of every kind but SELECT
                "INSERT | INSERT INTO events SELECT * FROM events | " + REFUSED + "INSERT statements are refused",
                "UPDATE | UPDATE events SET event_type = 'x' | " + REFUSED + "UPDATE statements are refused",
                "DELETE | DELETE FROM events | " + REFUSED + "DELETE statements are refused",
                "CREATE | CREATE TABLE t AS SELECT 1 | " + REFUSED + "CREATE statements are refused",
                "CREATE MACRO | CREATE MACRO m(x) AS x | " + REFUSED + "CREATE statements are refused",
                "DROP | DROP TABLE events | " + REFUSED + "DROP statements are refused",
                "ALTER | ALTER TABLE events RENAME TO e | " + REFUSED + "ALTER statements are refused",
                "TRUNCATE | TRUNCATE events | " + REFUSED + "TRUNCATE statements are refused",
                "ATTACH | ATTACH 'OUT/other.duckdb' AS other | " + REFUSED + "ATTACH statements are refused",
                "DETACH | DETACH warehouse | " + REFUSED + "DETACH statements are refused",
                "USE | USE memory | " + REFUSED + "USE statements are refused",
                "COPY TO | COPY events TO 'OUT/events.csv' | " + REFUSED + "COPY statements are refused",
                "COPY FROM | COPY events FROM 'OUT/secret.csv' | " + REFUSED + "COPY statements are refused",
                "COPY query | COPY (SELECT 1) TO 'LAKE/x.parquet' | " + REFUSED + "COPY statements are refused",
                "EXPORT | EXPORT DATABASE 'OUT/export' | " + REFUSED + "EXPORT statements are refused",
                "IMPORT | IMPORT DATABASE 'OUT' | " + REFUSED + "IMPORT statements are refused",
                "INSTALL | INSTALL httpfs | " + REFUSED + "INSTALL statements are refused",
                "LOAD | LOAD 'OUT/evil.duckdb_extension' | " + REFUSED + "LOAD statements are refused",
                "CHECKPOINT | CHECKPOINT | " + REFUSED + "CHECKPOINT statements are refused",
                "VACUUM | VACUUM | " + REFUSED + "VACUUM statements are refused",
                "BEGIN | BEGIN TRANSACTION | " + REFUSED + "BEGIN statements are refused",
                "CALL | CALL pragma_version() | " + REFUSED + "CALL statements are refused",
                "PREPARE | PREPARE p AS SELECT 1 | " + REFUSED + "PREPARE statements are refused",
                "EXPLAIN | EXPLAIN SELECT 1 | " + REFUSED + "EXPLAIN statements are refused",
                "CREATE SECRET | CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v') | " + REFUSED
                        + "CREATE statements are refused",
                // settings
                "SET | SET enable_external_access = true | " + REFUSED + "SET statements are refused",
                "SET allowed_directories | SET allowed_directories = ['/'] | " + REFUSED + "SET statements are refused",
                "SET temp_directory | SET temp_directory = 'OUT' | " + REFUSED + "SET statements are refused",
                "RESET | RESET allowed_paths | " + REFUSED + "RESET statements are refused",
                "PRAGMA | PRAGMA enable_profiling | " + REFUSED + "PRAGMA statements are refused",
                // several statements, and statements smuggled into a SELECT
                "SELECT then DROP | SELECT 1; DROP TABLE events | " + REFUSED
                        + "only a single SELECT statement is accepted",
                "SELECT then COPY | SELECT 1; COPY events TO 'OUT/events.csv' | " + REFUSED
                        + "only a single SELECT statement is accepted",
                "two SELECTs | SELECT 1; SELECT 2 | " + REFUSED
                        + "only a single SELECT statement is accepted, got 2 statements",
                "query() with COPY | SELECT * FROM query('COPY events TO ''OUT/events.csv''') | duckdock query failed: Parser Error: ",
                "COPY splice | SELECT 1) TO 'OUT/spliced.csv' (FORMAT csv); -- | duckdock query failed: Parser Error: ",
                // file-reading table functions outside the lake, inside and outside the home
                "read_csv outside | SELECT * FROM read_csv('OUT/secret.csv') | " + PERMISSION,
                "read_text outside | SELECT content FROM read_text('OUT/secret.csv') | " + PERMISSION,
                "read_blob outside | SELECT content FROM read_blob('OUT/secret.csv') | " + PERMISSION,
                "read_parquet outside | SELECT * FROM read_parquet('OUT/secret.parquet') | " + PERMISSION,
                "parquet_metadata outside | SELECT * FROM parquet_metadata('OUT/secret.parquet') | " + PERMISSION,
                "read_json outside | SELECT * FROM read_json('OUT/secret.csv') | " + PERMISSION,
                "sniff_csv outside | SELECT * FROM sniff_csv('OUT/secret.csv') | " + PERMISSION,
                "glob outside | SELECT * FROM glob('OUT/*') | " + PERMISSION,
                "read_text /etc | SELECT content FROM read_text('/etc/passwd') | " + PERMISSION,
                "read_text /proc | SELECT content FROM read_text('/proc/self/environ') | " + PERMISSION,
                "file URI | SELECT content FROM read_text('file://OUT/secret.csv') | " + PERMISSION,
                "staging in home | SELECT * FROM read_csv('HOME/staging/staged.csv') | " + PERMISSION,
                "config in home | SELECT content FROM read_text('HOME/duckdock.properties') | " + PERMISSION,
                "dot-dot out of lake | SELECT * FROM read_csv('LAKE/../staging/staged.csv') | " + PERMISSION,
                "dot-dot glob | SELECT * FROM read_parquet('LAKE/events/../../../outside/*.parquet') | " + PERMISSION,
                "symlinked dir in lake | SELECT content FROM read_text('LAKE/linked-dir/secret.csv') | " + PERMISSION,
                "symlinked file in lake | SELECT * FROM read_parquet('LAKE/events/linked.parquet') | " + PERMISSION,
                "replacement scan | SELECT * FROM 'OUT/secret.csv' | " + PERMISSION,
                "default temp dir | SELECT content FROM read_text('.tmp/*') | " + PERMISSION,
            })
    void hostileQuery_isRefusedAndReadsOrWritesNothing(String kind, String template, String expected)
            throws IOException {
        String sql = template.replace("LAKE", home.resolve("lake").toString())
                .replace("HOME", home.toString())
                .replace("OUT", outside.toString());
        Map<String, String> before = snapshot();

        CliRun run = CliRun.inHome(home, "query", sql);

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .as(run.toString())
                .startsWith(expected)
                .doesNotContain(SECRET)
                .hasLineCount(1);
        assertThat(run.out).isEmpty();
        assertThat(snapshot()).as("files after " + kind).isEqualTo(before);
    }

    @Test
    @Tag("jvm")
    void relativePaths_areResolvedFromTheWorkingDirectory_andOnlyTheLakeIsReadable() throws Exception {
        Path elsewhere = Files.createDirectories(base.resolve("elsewhere"));
        Files.createDirectories(elsewhere.resolve(".tmp"));
        Files.writeString(elsewhere.resolve(".tmp/secret.txt"), SECRET);
        Path results = base.resolve("results.json");
        Process process = new ProcessBuilder(javaCommand(
                        results,
                        "SELECT content FROM read_text('.tmp/*')",
                        "SELECT * FROM read_csv('../outside/secret.csv')",
                        "SELECT * FROM read_csv('../home/staging/staged.csv')",
                        "SELECT content FROM read_text('../home/lake/linked-dir/secret.csv')",
                        "SELECT count(*) AS n FROM read_parquet('../home/lake/events/*/*.parquet')"))
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("queries.log").toFile())
                .start();
        assertThat(JavaProcess.await(process, 120))
                .as(Files.readString(base.resolve("queries.log")))
                .isZero();
        List<Map<String, Object>> runs =
                new ObjectMapper().readValue(results.toFile(), new TypeReference<List<Map<String, Object>>>() {});

        for (Map<String, Object> run : runs.subList(0, 4)) {
            assertThat(run.get("exit")).as(run.toString()).isEqualTo(2);
            assertThat((String) run.get("err"))
                    .as(run.toString())
                    .startsWith(PERMISSION)
                    .doesNotContain(SECRET);
        }
        assertThat(runs.get(4).get("exit")).as(runs.get(4).toString()).isEqualTo(0);
        assertThat(runs.get(4).get("out")).isEqualTo("n\r\n20\r\n");
        assertThat(elsewhere.resolve(".tmp")).isDirectoryContaining(p -> p.endsWith("secret.txt"));
        try (Stream<Path> left = Files.list(elsewhere.resolve(".tmp"))) {
            assertThat(left)
                    .as("DuckDB wrote no temp files to the working directory")
                    .hasSize(1);
        }
    }

    private static List<String> javaCommand(Path results, String... sqls) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                QueriesMain.class.getName(),
                results.toString(),
                home.toString()));
        command.addAll(List.of(sqls));
        return command;
    }

    /** Every file under the base directory (home, outside): size and modification time. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(base)) {
            for (Path file : all.toList()) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    files.put(
                            base.relativize(file).toString(), Files.size(file) + " " + Files.getLastModifiedTime(file));
                } else {
                    files.put(base.relativize(file).toString(), "");
                }
            }
        }
        return files;
    }
}
