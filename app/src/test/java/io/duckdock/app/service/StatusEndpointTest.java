package io.duckdock.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import io.duckdock.app.Poll;
import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.StagedFile;
import io.duckdock.ingest.StagingScanner;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusEndpointTest {
    @TempDir
    Path home;

    private DuckDockConfig config(String... keyValues) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("ingest.settle-time", "0s");
        overrides.put("ingest.interval", "1s");
        overrides.put("http.port", "0");
        overrides.put("staging.max-rows-per-file", "50");
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(home, Map.of(), overrides);
    }

    @Test
    void service_whileProducersWrite_reportsWhatTheDatabaseHolds_andDrainsToAnEmptyBacklog() throws Exception {
        DuckDockConfig config = config();
        String status;
        String metrics;
        try (RunningService service = RunningService.start(config, Clock.systemUTC())) {
            String address = service.address().orElseThrow();
            assertThat(Files.readString(home.resolve(StatusEndpoint.ADDRESS_FILE))
                            .strip())
                    .isEqualTo(address);
            CliRun produce = CliRun.inHome(
                    home,
                    "produce",
                    "--conversations=40",
                    "--events-per-conversation=10",
                    "--producers=2",
                    "--rate=200",
                    "--set=staging.max-rows-per-file=50");
            assertThat(produce.exitCode).as(produce.toString()).isZero();

            // the backlog gauges list staging at most once a second: poll until they saw it empty
            Poll.until(
                    "all 400 events ingested, staging seen empty and a whole ingest run finished",
                    Duration.ofSeconds(30),
                    () -> metric(address, "duckdock_ingested_events_total") == 400
                            && metric(address, "duckdock_staging_files") == 0
                            && get(address, "/health").statusCode() == 200);
            HttpResponse<String> health = Http.get(address, "/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            status = Http.get(address, "/status").body();
            metrics = Http.get(address, "/metrics").body();
        }
        assertThat(home.resolve(StatusEndpoint.ADDRESS_FILE)).doesNotExist();

        StatusReport report = StatusReport.fromJson(status);
        assertThat(report.backlog()).isEqualTo(new Backlog(0, 0, 0, null));
        assertThat(StagingScanner.list(config.layout().staging())).isEmpty();
        assertThat(report.service().running()).isTrue();
        assertThat(report.service().holder())
                .contains("PID " + ProcessHandle.current().pid());
        assertThat(report.tasks())
                .extracting(StatusReport.Task::name)
                .contains("ingest", "sweep", "checkpoint", "archive-purge");
        try (Connection db = WarehouseReader.open(config.layout().database(), Duration.ofSeconds(5))
                        .orElseThrow();
                Statement statement = db.createStatement()) {
            assertThat(single(statement, "SELECT count(*) FROM events")).isEqualTo(400);
            long batches = single(statement, "SELECT count(*) FROM ingest_batches");
            long files = single(statement, "SELECT count(*) FROM ingest_files WHERE status = 'ingested'");
            assertThat(Http.metric(metrics, "duckdock_ingested_events_total")).isEqualTo(400);
            assertThat(Http.metric(metrics, "duckdock_ingested_files_total")).isEqualTo(files);
            assertThat(Http.metric(metrics, "duckdock_batches_total")).isEqualTo(batches);
            assertThat(Http.metric(metrics, "duckdock_batch_duration_seconds_count"))
                    .isEqualTo(batches);
            assertThat(Http.metric(metrics, "duckdock_rejected_files_total")).isZero();
            assertThat(Http.metric(metrics, "duckdock_staging_files")).isZero();
            assertThat(Http.metric(metrics, "duckdock_job_failures_total", "job=\"ingest\""))
                    .isZero();
            assertThat(Http.metric(metrics, "duckdock_job_runs_total", "job=\"ingest\""))
                    .isPositive();
            assertThat(Http.metric(metrics, "duckdock_ingest_last_success_seconds"))
                    .isGreaterThan(Instant.now().minusSeconds(60).getEpochSecond());
            List<BatchSummary> fromDb = WarehouseReader.recentBatches(db, 20);
            assertThat(report.lastBatches()).isEqualTo(fromDb);
            assertThat(report.throughput().events()).isEqualTo(400);
        }
    }

    @Test
    void status_withIngestOff_countsTheBacklogAsStaged_andHealthNamesTheOldFile() throws Exception {
        CliRun produce = CliRun.inHome(
                home,
                "produce",
                "--conversations=10",
                "--events-per-conversation=10",
                "--producers=1",
                "--set=staging.max-rows-per-file=50");
        assertThat(produce.exitCode).as(produce.toString()).isZero();
        List<StagedFile> staged = StagingScanner.list(home.resolve("staging"));
        assertThat(staged).hasSizeGreaterThanOrEqualTo(2);
        Instant oldest = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(Path.of(staged.get(0).path()), FileTime.from(oldest));
        long bytes = staged.stream().mapToLong(StagedFile::size).sum();
        Clock tenMinutesLater = Clock.fixed(oldest.plus(Duration.ofMinutes(10)), ZoneOffset.UTC);

        try (RunningService service = RunningService.start(config("ingest.enabled", "false"), tenMinutesLater)) {
            String address = service.address().orElseThrow();
            StatusReport report =
                    StatusReport.fromJson(Http.get(address, "/status").body());
            String metrics = Http.get(address, "/metrics").body();
            HttpResponse<String> health = Http.get(address, "/health");

            assertThat(report.backlog().files()).isEqualTo(staged.size());
            assertThat(report.backlog().bytes()).isEqualTo(bytes);
            assertThat(report.backlog().oldestFile()).isEqualTo(staged.get(0).name());
            assertThat(report.backlog().oldestAgeSeconds()).isEqualTo(600.0);
            assertThat(Http.metric(metrics, "duckdock_staging_files")).isEqualTo(staged.size());
            assertThat(Http.metric(metrics, "duckdock_staging_bytes")).isEqualTo(bytes);
            assertThat(Http.metric(metrics, "duckdock_staging_oldest_age_seconds"))
                    .isEqualTo(600.0);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body())
                    .startsWith("unhealthy: backlog too old: " + staged.get(0).name() + " has waited 600 s")
                    .contains("(limit 60 s); " + staged.size() + " files, " + bytes + " bytes waiting");
        }
    }

    @Test
    void token_requestsWithoutOrWithAWrongToken_get401() throws Exception {
        try (RunningService service =
                RunningService.start(config("http.token", "s3cret", "ingest.enabled", "false"), Clock.systemUTC())) {
            String address = service.address().orElseThrow();
            for (String path : List.of("/health", "/status", "/metrics")) {
                assertThat(Http.get(address, path).statusCode()).isEqualTo(401);
                assertThat(Http.get(address, path, "wrong").statusCode()).isEqualTo(401);
                assertThat(Http.get(address, path, "s3cret").statusCode()).isEqualTo(200);
            }
            assertThat(Http.get(address, "/status").body()).isEqualTo("missing or wrong bearer token (http.token)\n");
        }
    }

    @Test
    void run_nonLoopbackBindWithoutToken_isRefusedAtStartWithExitCode2() {
        CliRun run = CliRun.inHome(home, "run", "--duration=1s", "--set=http.bind=0.0.0.0", "--set=http.port=0");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .contains("http.bind is 0.0.0.0, which is not a loopback address, and http.token is empty:"
                        + " anyone who can reach it could read the service's status; set http.token"
                        + " (clients then send 'Authorization: Bearer <token>') or bind to 127.0.0.1.");
        assertThat(run.err).doesNotContain("DuckDock service: home");
        try (IngesterLock lock = IngesterLock.acquire(home.resolve("ingester.lock"))) {
            assertThat(lock.lockFile()).exists();
        }
    }

    @Test
    void run_startLineSaysTheAddress() {
        CliRun run = CliRun.inHome(home, "run", "--duration=1s", "--set=http.port=0");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.err)
                .containsPattern(
                        "answering on http://127\\.0\\.0\\.1:\\d+ \\(/health, /status, /metrics\\)\\. Stop with");
    }

    private static double metric(String address, String name) {
        return Http.metric(get(address, "/metrics").body(), name);
    }

    private static HttpResponse<String> get(String address, String path) {
        try {
            return Http.get(address, path);
        } catch (Exception e) {
            throw new AssertionError("GET " + address + path + " failed: " + e, e);
        }
    }

    private static long single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
