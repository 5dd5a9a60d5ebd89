package io.duckdock.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.Poll;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.Postgres;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three service JVMs in a cluster on one PostgreSQL, each with its own home, sharing staging and
 * archive; producers write throughout and the active node is killed with SIGKILL. A standby takes
 * over through the advisory lock, which PostgreSQL frees when the killed node's session ends, after
 * catching its warehouse up with the shared lake. At the end the lake holds every event once, and
 * every live node's warehouse equals the lake.
 */
@Tag("jvm")
@Tag("postgres")
class ClusterTakeoverTest {
    @RegisterExtension
    static final Postgres POSTGRES = new Postgres();

    @TempDir
    Path root;

    @TempDir
    Path logs;

    @Test
    void sigkillOfTheActiveNode_aStandbyTakesOverAndNoEventIsLost() throws Exception {
        Takeovers takeovers = killRun(3);
        System.out.println("ClusterTakeoverTest (PostgreSQL, default cluster settings): " + takeovers);
        assertThat(takeovers.max()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Tag("soak")
    void soak_tenSigkillsOfTheActiveNode() throws Exception {
        Takeovers takeovers = killRun(10);
        System.out.println("ClusterTakeoverTest soak (PostgreSQL, default cluster settings): " + takeovers);
        assertThat(takeovers.max()).isLessThan(Duration.ofSeconds(30));
    }

    private Takeovers killRun(int kills) throws Exception {
        ClusterHomes cluster = new ClusterHomes(root, POSTGRES.newDatabase());
        Takeovers takeovers = new Takeovers();
        StagedLoad load;
        List<Path> live;
        try (ServiceNodes nodes = new ServiceNodes(logs)) {
            nodes.startCluster(cluster, 3, Duration.ofSeconds(60));
            load = new StagedLoad(cluster.staging(), 20);
            try {
                for (int kill = 0; kill < kills; kill++) {
                    long before = StandbyTakeoverTest.count(cluster.archive());
                    Poll.until(
                            "the active node ingests",
                            Duration.ofSeconds(60),
                            () -> StandbyTakeoverTest.count(cluster.archive()) > before + 5);
                    ServiceNodes.Node active = nodes.active().orElseThrow();
                    long killedAt = System.nanoTime();
                    active.process().destroyForcibly(); // SIGKILL
                    assertThat(active.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                    // counted once the killed node is gone, so that only files its successor moves count
                    long archivedAtKill = StandbyTakeoverTest.count(cluster.archive());
                    Poll.until(
                            "a standby takes over and commits a batch",
                            Duration.ofSeconds(60),
                            () -> StandbyTakeoverTest.count(cluster.archive()) > archivedAtKill);
                    takeovers.add(Duration.ofNanos(System.nanoTime() - killedAt));
                    nodes.start(cluster.newHome(), cluster.settings()); // a new standby in place of the killed one
                }
            } finally {
                load.close();
            }
            Poll.until(
                    "the backlog drains",
                    Duration.ofSeconds(90),
                    () -> StandbyTakeoverTest.countFiles(cluster.staging()) == 0);
            live = nodes.alive().stream().map(ServiceNodes.Node::home).toList();
            Poll.until(
                    "every live node's warehouse equals the lake",
                    Duration.ofSeconds(60),
                    () -> live.stream()
                            .allMatch(
                                    home -> LakeReplicas.equalsLake(home.resolve("warehouse.duckdb"), cluster.lake())));
            nodes.stopAll();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logsOf(), e);
        }
        long events = load.files() * StagedLoad.EVENTS_PER_FILE;
        List<String> lake = IcebergReads.eventRows(cluster.lake());
        assertThat(lake).hasSize((int) events);
        assertThat(new HashSet<>(
                        lake.stream().map(r -> r.substring(0, r.indexOf('|'))).toList()))
                .hasSize((int) events);
        // batch ids 1..n without a gap, and a row in the history for each
        assertThat(IcebergReads.batchRows(cluster.lake())).hasSize((int) IcebergReads.lastBatch(cluster.lake()));
        assertThat(live).hasSize(3);
        for (Path home : live) {
            LakeReplicas.assertEqualsLake(home.resolve("warehouse.duckdb"), cluster.lake());
            assertThat(Warehouses.sequenceGaps(home.resolve("warehouse.duckdb").toString()))
                    .isEmpty();
            assertThat(Warehouses.count(
                            home.resolve("warehouse.duckdb").toString(),
                            "SELECT count(DISTINCT event_offset) FROM events"))
                    .isEqualTo(events);
        }
        System.out.println("ClusterTakeoverTest: " + events + " events produced, each once in the lake, "
                + IcebergReads.lastBatch(cluster.lake()) + " batches; every live node's replica equals the lake");
        return takeovers;
    }

    private String logsOf() throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                all.append("==== ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return all.toString();
    }
}
