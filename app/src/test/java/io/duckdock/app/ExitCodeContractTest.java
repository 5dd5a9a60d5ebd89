package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.ReadOnlyHolderMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes in the README, command by command, through the real command line: a
 * representative failure of each kind ends with its documented code and one message.
 */
class ExitCodeContractTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final String PID = "PID " + ProcessHandle.current().pid();

    @TempDir
    Path home;

    private Path staging;

    @BeforeEach
    void stagingDir() throws Exception {
        staging = Files.createDirectories(home.resolve("staging"));
    }

    @Test
    void badConfigurationValue_exitsTwoNamingTheKeyAndValue_forEveryCommandThatReadsIt() {
        List<List<String>> commands = List.of(
                List.of("ingest"),
                List.of("run", "--duration=1s"),
                List.of("status"),
                List.of("config"),
                List.of("sweep"),
                List.of("validate", "x.parquet"),
                List.of("requeue", "--all"),
                List.of("produce"),
                List.of("demo"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(List.of("--set", "ingest.max-files-per-batch=abc"));
            args.addAll(command);

            CliRun run = CliRun.inHome(home, args.toArray(String[]::new));

            assertThat(run.exitCode).as(command + ": " + run).isEqualTo(2);
            assertThat(run.err)
                    .as(command.toString())
                    .startsWith("Invalid DuckDock configuration (1 problem):\n  - ingest.max-files-per-batch")
                    .contains("abc")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    @SuppressWarnings("try")
    void ingest_whileAnotherIngesterHoldsTheLock_exitsFourInOneLine() {
        try (IngesterLock held = IngesterLock.acquire(home.resolve("ingester.lock"))) {
            CliRun run = CliRun.inHome(home, "ingest");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
            assertOneLine(run.err)
                    .startsWith("Another DuckDock ingester (" + PID)
                    .endsWith("only one ingester may write to a home. Stop it first, or leave ingestion to it.");
        }
    }

    @Test
    @SuppressWarnings("try")
    void run_whileAnotherIngesterHoldsTheLock_exitsFourInOneLine() {
        try (IngesterLock held = IngesterLock.acquire(home.resolve("ingester.lock"))) {
            CliRun run = CliRun.inHome(home, "run", "--duration=1s", "--set=http.port=0");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(4);
            assertOneLine(run.err).startsWith("Another DuckDock ingester (" + PID);
        }
    }

    @Test
    @Tag("jvm")
    void ingest_whileAnotherProcessHoldsTheDatabase_exitsFiveAfterTheLockTimeout() throws Exception {
        assertThat(CliRun.inHome(home, "ingest").exitCode).isZero();
        Parquet.events(staging.resolve("a.parquet"), "c", 1, 10, T0);
        Path database = home.resolve("warehouse.duckdb");
        Path log = home.resolve("reader.log");
        Process reader = JavaProcess.start(ReadOnlyHolderMain.class, log, database.toString(), "60000");
        try {
            JavaProcess.awaitLine(reader, log, "ready", 60);

            CliRun run = CliRun.inHome(home, "ingest", "--set=ingest.lock-timeout=500ms");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(5);
            assertOneLine(run.err)
                    .startsWith("Database " + database + " is locked by another process and stayed locked")
                    .contains("(ingest.lock-timeout); staged files wait for the next run.");
            assertThat(staging.resolve("a.parquet")).exists();
        } finally {
            reader.destroyForcibly().waitFor();
        }
    }

    @Test
    void ingest_ofABadFile_exitsThreeNamingItAndIngestsTheRest() throws Exception {
        Parquet.events(staging.resolve("good.parquet"), "c", 1, 10, T0);
        Path bad = Files.writeString(staging.resolve("bad.parquet"), "not parquet at all");
        Files.setLastModifiedTime(bad, FileTime.from(Instant.now().minusSeconds(3600)));

        CliRun run = CliRun.inHome(home, "ingest");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(3);
        assertThat(run.out)
                .startsWith("ingested 10 events from 1 files")
                .contains("  rejected: bad.parquet is not a Parquet file");
    }

    @Test
    void validate_ofABadFile_exitsThree_andOfAMissingFile_exitsTwo() throws Exception {
        Path bad = Files.writeString(home.resolve("bad.parquet"), "not parquet at all");
        Path missing = home.resolve("missing.parquet");

        CliRun rejected = CliRun.inHome(home, "validate", bad.toString());
        CliRun usage = CliRun.inHome(home, "validate", missing.toString());

        assertThat(rejected.exitCode).as(rejected.toString()).isEqualTo(3);
        assertThat(rejected.out)
                .contains("reject  bad.parquet is not a Parquet file")
                .endsWith("1 files: 0 would be ingested, 1 rejected\n");
        assertThat(usage.exitCode).as(usage.toString()).isEqualTo(2);
        assertThat(usage.err).isEqualTo("No such file or directory: " + missing + "; nothing was validated.\n");
    }

    @Test
    void stage_ofAMissingFile_exitsTwo_andOfABadLine_exitsThree() throws Exception {
        Path missing = home.resolve("missing.jsonl");
        Path input = Files.writeString(home.resolve("in.jsonl"), "{\"conversation_id\":\"c\"}\n");

        CliRun usage = CliRun.inHome(home, "stage", missing.toString());
        CliRun rejected = CliRun.inHome(home, "stage", input.toString());

        assertThat(usage.exitCode).as(usage.toString()).isEqualTo(2);
        assertThat(usage.err).isEqualTo("Input file " + missing + " does not exist; nothing was staged.\n");
        assertThat(rejected.exitCode).as(rejected.toString()).isEqualTo(3);
        assertThat(rejected.out).contains("staged 0 events from " + input + ", rejected 1 lines");
    }

    @Test
    void requeue_ofANameNotInRejected_exitsTwoInOneLine() {
        CliRun run = CliRun.inHome(home, "requeue", "nope.parquet");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err)
                .isEqualTo("No rejected file named 'nope.parquet' in " + home.resolve("rejected")
                        + "; 'duckdock requeue --all' requeues every rejected file");
    }

    @Test
    void sweep_withABadDuration_exitsTwoNamingTheOptionWithoutTheWholeUsage() {
        CliRun run = CliRun.inHome(home, "sweep", "--older-than=soon");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .startsWith("Invalid value for option '--older-than': ")
                .contains("soon")
                .endsWith("See 'duckdock sweep --help'.\n")
                .doesNotContain("Usage:");
    }

    @Test
    void produce_withNoProducers_exitsTwoInOneLine() {
        CliRun run = CliRun.inHome(home, "produce", "--producers=0");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err).isEqualTo("--producers must be >= 1");
    }

    @Test
    void demo_withNoProducers_exitsTwoInOneLine() {
        CliRun run = CliRun.inHome(home, "demo", "--producers=0");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err).isEqualTo("--producers, --rate and --duration must be positive.");
    }

    @Test
    void ingestRunAndDemo_withAnInMemoryWarehouse_exitTwoInOneLineNamingTheKey() {
        for (String[] command : new String[][] {{"ingest"}, {"run", "--duration=1s"}, {"demo", "--duration=1s"}}) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--set=warehouse.path=:memory:");

            CliRun run = CliRun.inHome(home, args.toArray(String[]::new));

            assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
            assertOneLine(run.err)
                    .startsWith("warehouse.path is ':memory:': an in-memory warehouse loses every ingested")
                    .endsWith("':memory:' is only for tests.");
        }
    }

    @Test
    void run_withACronQuartzRefuses_exitsTwoNamingTheKey() {
        CliRun run = CliRun.inHome(home, "run", "--duration=1s", "--set=ingest.cron=0 0 * * * *");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertOneLine(run.err)
                .startsWith("Invalid cron expression '0 0 * * * *' for the ingest job (ingest.cron): ")
                .endsWith("; give 6 or 7 Quartz fields, such as '0 */5 * * * ?'.");
        try (IngesterLock lock = IngesterLock.acquire(home.resolve("ingester.lock"))) {
            assertThat(lock.lockFile()).exists();
        }
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertOneLine(String err) {
        assertThat(err).as("one line on stderr").endsWith("\n");
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        return assertThat(err.strip());
    }
}
