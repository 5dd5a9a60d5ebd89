package io.duckdock.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckdock.app.CliRun;
import io.duckdock.app.ExitCodes;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCommandsTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path home;

    private Path staging;

    @BeforeEach
    void stagingDir() throws Exception {
        staging = Files.createDirectories(home.resolve("staging"));
    }

    private static void settled(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    @Test
    void ingest_loadsTheBacklogAndPrintsASummary() {
        Parquet.events(staging.resolve("a.parquet"), "c", 4, 100, T0);

        CliRun run = CliRun.inHome(home, "ingest");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out).startsWith("ingested 100 events from 1 files in 1 batches");
        assertThat(Warehouses.count(home.resolve("warehouse.duckdb").toString(), "SELECT count(*) FROM events"))
                .isEqualTo(100);
    }

    @Test
    void ingest_exitsThreeAndNamesEachRejectedFile() throws Exception {
        Parquet.events(staging.resolve("good.parquet"), "c", 1, 10, T0);
        Files.writeString(staging.resolve("bad.parquet"), "not parquet at all");
        settled(staging.resolve("bad.parquet"));

        CliRun run = CliRun.inHome(home, "ingest", "--json");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.INPUT_REJECTED);
        JsonNode json = new ObjectMapper().readTree(run.out);
        assertThat(json.get("events_ingested").asLong()).isEqualTo(10);
        assertThat(json.get("files_rejected").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").get(0).get("reason").asText())
                .isEqualTo("bad.parquet is not a Parquet file (it does not start with the PAR1 magic bytes)");
        assertThat(home.resolve("rejected").resolve("bad.parquet.reason.txt")).exists();
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the body, never used
    void ingest_whileAnotherIngesterHoldsTheLock_exitsFourNamingIt() {
        try (IngesterLock held = IngesterLock.acquire(home.resolve("ingester.lock"))) {
            CliRun run = CliRun.inHome(home, "ingest");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.INGESTER_RUNNING);
            assertThat(run.err)
                    .contains("Another DuckDock ingester (PID "
                            + ProcessHandle.current().pid())
                    .contains("only one ingester may write to a home");
        }
    }

    @Test
    void ingest_refusesAnInMemoryWarehouseAsAConfigurationError() {
        CliRun run = CliRun.inHome(home, "ingest", "--set", "warehouse.path=:memory:");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("warehouse.path is ':memory:'");
    }

    @Test
    void validate_reportsWhatWouldHappenAndWritesNothing() throws Exception {
        Path good = Parquet.events(home.resolve("good.parquet"), "c", 1, 7, T0);
        Path bad = Parquet.write(
                home.resolve("bad.parquet"),
                "SELECT 'c' AS conversation_id, make_timestamp(" + T0 + ") AS \"timestamp\"");

        CliRun run = CliRun.inHome(home, "validate", good.toString(), bad.toString());

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(run.out)
                .contains("ok      " + good + " (7 rows)")
                .contains("reject  bad.parquet lacks the required column 'event_type'")
                .contains("2 files: 1 would be ingested, 1 rejected");
        assertThat(home.resolve("warehouse.duckdb")).doesNotExist();
    }

    @Test
    void requeue_putsAFixedFileBackAndTheNextIngestLoadsIt() throws Exception {
        Files.writeString(staging.resolve("late.parquet"), "oops");
        settled(staging.resolve("late.parquet"));
        assertThat(CliRun.inHome(home, "ingest").exitCode).isEqualTo(ExitCodes.INPUT_REJECTED);
        Parquet.events(home.resolve("fixed.parquet"), "c", 1, 5, T0);
        Files.copy(
                home.resolve("fixed.parquet"),
                home.resolve("rejected").resolve("late.parquet"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CliRun requeue = CliRun.inHome(home, "requeue", "late.parquet");
        CliRun ingest = CliRun.inHome(home, "ingest", "--set", "ingest.settle-time=0s");

        assertThat(requeue.exitCode).as(requeue.toString()).isEqualTo(ExitCodes.OK);
        assertThat(home.resolve("rejected").resolve("late.parquet.reason.txt")).doesNotExist();
        assertThat(ingest.exitCode).as(ingest.toString()).isEqualTo(ExitCodes.OK);
        assertThat(ingest.out).startsWith("ingested 5 events from 1 files");
    }

    @Test
    void requeue_ofAnUnknownName_exitsTwoAndSaysHowToListThem() {
        CliRun run = CliRun.inHome(home, "requeue", "nope.parquet");

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("No rejected file named 'nope.parquet'").contains("--all");
    }

    @Test
    void run_ingestsOnItsScheduleAndStopsAfterTheGivenDuration() {
        Parquet.events(staging.resolve("a.parquet"), "c", 2, 20, T0);

        CliRun run = CliRun.inHome(
                home, "run", "--duration", "3s", "--set", "ingest.interval=500ms", "--set", "http.enabled=false");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.err).contains("DuckDock service: home " + home);
        assertThat(Warehouses.count(home.resolve("warehouse.duckdb").toString(), "SELECT count(*) FROM events"))
                .isEqualTo(20);
        assertThat(staging.resolve("a.parquet")).doesNotExist();
    }

    @Test
    @SuppressWarnings("try") // the lock is only held, never used
    void runStandby_waitsWhileAnotherServiceHoldsTheLock_andSaysSo() throws Exception {
        try (IngesterLock held = IngesterLock.acquire(home.resolve("ingester.lock"))) {
            CliRun run = CliRun.inHome(home, "run", "--standby", "--duration", "2s", "--set", "http.enabled=false");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.OK);
            assertThat(run.err).contains("; standing by until this home's ingester lock is free.");
        }
    }

    @Test
    void run_inAClusterWhosePostgreSqlIsUnreachable_failsNamingTheKeys() {
        CliRun run = CliRun.inHome(
                home,
                "run",
                "--duration",
                "1s",
                "--set",
                "http.enabled=false",
                "--set",
                "cluster.jdbc-url=jdbc:postgresql://127.0.0.1:1/none");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains("Cannot connect to the cluster database jdbc:postgresql://127.0.0.1:1/none as duckdock (")
                .contains("); check cluster.jdbc-url, cluster.user and cluster.password, and that PostgreSQL runs.");
    }
}
