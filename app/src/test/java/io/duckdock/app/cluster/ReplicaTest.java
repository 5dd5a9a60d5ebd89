package io.duckdock.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.Poll;
import io.duckdock.app.service.RunningService;
import io.duckdock.app.service.StatusReport;
import io.duckdock.config.ConfigLoader;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.Postgres;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of two: the active node in its own JVM, a standby in this one. The standby's warehouse
 * follows the shared lake, its status shows its lag, and when the active node is killed it takes over
 * and continues the lake's batch ids, offsets and sequences.
 */
@Tag("jvm")
@Tag("postgres")
class ReplicaTest {
    private static final int EVENTS_PER_FILE = 20;

    @RegisterExtension
    static final Postgres POSTGRES = new Postgres();

    @TempDir
    Path root;

    @TempDir
    Path logs;

    private int staged;

    private void stage(ClusterHomes cluster, int files) throws Exception {
        Files.createDirectories(cluster.staging());
        for (int i = 0; i < files; i++) {
            int n = staged++;
            Path hidden = cluster.staging().resolve(".f" + n + ".parquet.tmp");
            Parquet.events(hidden, "c", 4, EVENTS_PER_FILE, 1_700_000_000_000_000L + n * 1_000_000L);
            Files.move(hidden, cluster.staging().resolve("f" + n + ".parquet"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static StatusReport.Nodes nodes(RunningService service) {
        StatusReport report = service.monitor().report(new StatusReport.Service(true, null, null));
        return StatusReport.fromJson(report.toJson()).nodes();
    }

    @Test
    void theStandbysReplicaFollowsTheLake_andAfterATakeoverItContinuesTheLakesNumbering() throws Exception {
        ClusterHomes cluster = new ClusterHomes(root, POSTGRES.newDatabase(), "cluster.replica-interval=200ms");
        Map<String, String> settings = new HashMap<>();
        for (String setting : cluster.settings()) {
            settings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        settings.put("http.enabled", "false");
        settings.put("ingest.max-files-per-batch", "2");
        try (ServiceNodes jvms = new ServiceNodes(logs)) {
            ServiceNodes.Node first = jvms.start(
                    cluster.newHome(),
                    settings.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toArray(String[]::new));
            Poll.until(
                    "the first node takes over",
                    Duration.ofSeconds(60),
                    () -> jvms.active().isPresent());
            Path home = cluster.newHome();
            Path warehouse = home.resolve("warehouse.duckdb");
            try (RunningService standby =
                    RunningService.start(ConfigLoader.load(home, Map.of(), settings), Clock.systemUTC())) {
                stage(cluster, 10);
                Poll.until(
                        "the active node ingests the 10 files",
                        Duration.ofSeconds(60),
                        () -> StandbyTakeoverTest.count(cluster.archive()) == 10);
                long lakeBatch = IcebergReads.lastBatch(cluster.lake());
                assertThat(lakeBatch).isGreaterThanOrEqualTo(5);
                Poll.until(
                        "the standby's replica reaches the lake's last batch",
                        Duration.ofSeconds(30),
                        () -> nodes(standby).replica() != null
                                && nodes(standby).replica().batch() == lakeBatch);
                StatusReport.Nodes status = nodes(standby);
                assertThat(status.role()).isEqualTo("standby");
                assertThat(status.replica().lagBatches()).isZero();
                assertThat(status.replica().lakeBatch()).isEqualTo(lakeBatch);
                assertThat(status.replica().problem()).isNull();
                assertThat(status.members())
                        .anySatisfy(m -> assertThat(m.role()).isEqualTo("active"))
                        .anySatisfy(m -> {
                            assertThat(m.role()).isEqualTo("standby");
                            assertThat(m.replicaBatch()).isNotNull();
                        });
                Poll.until(
                        "the standby's warehouse equals the lake",
                        Duration.ofSeconds(30),
                        () -> LakeReplicas.equalsLake(warehouse, cluster.lake()));

                first.process().destroyForcibly(); // SIGKILL
                first.process().waitFor(30, TimeUnit.SECONDS);
                Poll.until(
                        "the standby takes over",
                        Duration.ofSeconds(60),
                        () -> nodes(standby).role().equals("active"));
                stage(cluster, 6);
                Poll.until(
                        "the new active node ingests the 6 files",
                        Duration.ofSeconds(60),
                        () -> StandbyTakeoverTest.count(cluster.archive()) == 16);
                assertThat(nodes(standby).replica()).isNull();
            }
            String db = warehouse.toString();
            List<List<String>> batches = Warehouses.rows(db, "SELECT batch_id FROM ingest_batches ORDER BY batch_id");
            assertThat(batches).hasSize((int) IcebergReads.lastBatch(cluster.lake()));
            assertThat(batches.get(batches.size() - 1)).containsExactly(Long.toString(batches.size()));
            assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(16 * EVENTS_PER_FILE);
            assertThat(Warehouses.count(db, "SELECT max(event_offset) FROM events"))
                    .isEqualTo(16 * EVENTS_PER_FILE);
            assertThat(Warehouses.sequenceGaps(db)).isEmpty();
            LakeReplicas.assertEqualsLake(warehouse, cluster.lake());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logsOf(), e);
        }
    }

    private String logsOf() throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                all.append("==== ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return all.toString();
    }
}
