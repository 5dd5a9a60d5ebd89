package io.duckdock.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.StagingScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    @TempDir
    Path home;

    @Test
    void status_withoutService_readsTheFiles() throws Exception {
        assertThat(CliRun.inHome(home, "produce", "--conversations=4", "--events-per-conversation=5", "--producers=1")
                        .exitCode)
                .isZero();
        assertThat(CliRun.inHome(home, "ingest", "--set=ingest.settle-time=0s").exitCode)
                .isZero();
        assertThat(CliRun.inHome(home, "produce", "--conversations=2", "--events-per-conversation=5", "--producers=1")
                        .exitCode)
                .isZero();
        Files.createDirectories(home.resolve("rejected"));
        Files.writeString(home.resolve("rejected/bad.parquet"), "not parquet");
        Files.writeString(
                home.resolve("rejected/bad.parquet.reason.txt"),
                "not a Parquet file: magic bytes missing\nFix the file, then ...\n");

        CliRun json = CliRun.inHome(home, "status", "--json");
        CliRun text = CliRun.inHome(home, "status");

        assertThat(json.exitCode).as(json.toString()).isZero();
        StatusReport report = StatusReport.fromJson(json.out);
        assertThat(report.source()).isEqualTo("warehouse");
        assertThat(report.service().running()).isFalse();
        assertThat(report.backlog().files())
                .isEqualTo(StagingScanner.list(home.resolve("staging")).size())
                .isPositive();
        assertThat(report.lastBatches()).hasSize(1);
        assertThat(report.lastBatches().get(0).events()).isEqualTo(20);
        assertThat(report.throughput().events()).isEqualTo(20);
        assertThat(report.lake().table())
                .isEqualTo(home.resolve("lake/events").toUri().toString().replaceAll("/$", ""));
        assertThat(report.lake().lastBatchId()).isEqualTo(1);
        assertThat(report.lake().operation()).isEqualTo("append");
        assertThat(report.rejectedFiles())
                .extracting(RejectedFiles.Rejected::file, RejectedFiles.Rejected::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bad.parquet", "not a Parquet file: magic bytes missing"));
        assertThat(text.exitCode).as(text.toString()).isZero();
        assertThat(text.out)
                .contains("Service:    not running (no process holds the ingester lock)")
                .contains("Backlog:    " + report.backlog().files() + " files, ")
                .contains("Throughput: 20 events in 1 files over the last 5 min")
                .contains("Lake:       " + report.lake().table() + " (Iceberg), snapshot "
                        + report.lake().snapshotId() + " (append, ")
                .contains("), published up to batch 1, 1 snapshots kept")
                .contains("bad.parquet  ")
                .contains("not a Parquet file: magic bytes missing");
    }

    @Test
    void status_withService_asksItsEndpoint() throws Exception {
        DuckDockConfig config = ConfigLoader.load(
                home, Map.of(), Map.of("http.port", "0", "ingest.interval", "1s", "ingest.settle-time", "0s"));
        try (RunningService service = RunningService.start(config, Clock.systemUTC())) {
            CliRun json = CliRun.inHome(home, "status", "--json");
            CliRun text = CliRun.inHome(home, "status");

            assertThat(json.exitCode).as(json.toString()).isZero();
            StatusReport report = StatusReport.fromJson(json.out);
            assertThat(report.source()).isEqualTo("service");
            assertThat(report.service().running()).isTrue();
            assertThat(report.service().address()).isEqualTo(service.address().orElseThrow());
            assertThat(report.tasks()).extracting(StatusReport.Task::name).contains("ingest");
            assertThat(text.out)
                    .contains("Service:    running (PID "
                            + ProcessHandle.current().pid())
                    .contains(", answering on " + service.address().orElseThrow())
                    .contains("Jobs:");
        }
    }
}
