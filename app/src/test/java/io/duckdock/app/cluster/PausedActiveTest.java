package io.duckdock.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.Poll;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.Postgres;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence: an active node paused (SIGSTOP) past cluster.session-timeout loses its PostgreSQL
 * session, a standby takes over, and when the paused node resumes (SIGCONT) it commits nothing more:
 * whatever it had in flight rolls back or fails its publication, the lake holds every event once, and
 * the resumed node's warehouse, now a replica, equals the lake.
 */
@Tag("jvm")
@Tag("postgres")
class PausedActiveTest {
    @RegisterExtension
    static final Postgres POSTGRES = new Postgres();

    @TempDir
    Path root;

    @TempDir
    Path logs;

    @Test
    void aPausedActiveNode_commitsNothingAfterAnotherNodeTookOver() throws Exception {
        String url = POSTGRES.newDatabase();
        ClusterHomes cluster = new ClusterHomes(root, url, "cluster.session-timeout=2s", "cluster.poll-interval=250ms");
        Instant takeover;
        long produced;
        try (ServiceNodes nodes = new ServiceNodes(logs)) {
            ServiceNodes.Node first = nodes.start(cluster.newHome(), cluster.settings());
            Poll.until("the first node takes over", Duration.ofSeconds(60), first::active);
            ServiceNodes.Node second = nodes.start(cluster.newHome(), cluster.settings());
            StagedLoad load = new StagedLoad(cluster.staging(), 10);
            try {
                long before = StandbyTakeoverTest.count(cluster.archive());
                Poll.until(
                        "the first node ingests",
                        Duration.ofSeconds(60),
                        () -> StandbyTakeoverTest.count(cluster.archive()) > before + 10);

                signal("STOP", first.process());
                Poll.until("the second node takes over from the paused one", Duration.ofSeconds(60), second::active);
                takeover = activeSince(url);
                long archived = StandbyTakeoverTest.count(cluster.archive());
                Poll.until(
                        "the second node ingests",
                        Duration.ofSeconds(60),
                        () -> StandbyTakeoverTest.count(cluster.archive()) > archived + 5);
                signal("CONT", first.process());
                Poll.until(
                        "the resumed node notices it lost the role",
                        Duration.ofSeconds(60),
                        () -> first.output().contains("lost the active role")
                                || first.output().contains("no longer holds the active role")
                                || first.output().contains("lost its cluster database session"));
                Thread.sleep(2000); // time for any commit it would still make
            } finally {
                load.close();
            }
            Poll.until(
                    "the backlog drains and both warehouses equal the lake",
                    Duration.ofSeconds(90),
                    () -> StandbyTakeoverTest.countFiles(cluster.staging()) == 0
                            && LakeReplicas.equalsLake(cluster.warehouse(1), cluster.lake())
                            && LakeReplicas.equalsLake(cluster.warehouse(2), cluster.lake()));
            produced = load.files();
            nodes.stopAll();
            System.out.println("PausedActiveTest: the resumed node's log after SIGCONT:\n"
                    + first.output()
                            .lines()
                            .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("batch "))
                            .reduce("", (a, b) -> a + b + "\n"));
            // the first node became active once, at its start, and never again after it resumed
            assertThat(first.output().split(ServiceNodes.ACTIVE_LINE, -1))
                    .as(first.output())
                    .hasSize(2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logsOf(), e);
        }
        long events = produced * StagedLoad.EVENTS_PER_FILE;
        List<String> lake = IcebergReads.eventRows(cluster.lake());
        assertThat(lake).hasSize((int) events);
        assertThat(new HashSet<>(
                        lake.stream().map(r -> r.substring(0, r.indexOf('|'))).toList()))
                .hasSize((int) events);
        assertThat(IcebergReads.batchRows(cluster.lake())).hasSize((int) IcebergReads.lastBatch(cluster.lake()));
        LakeReplicas.assertEqualsLake(cluster.warehouse(1), cluster.lake());
        assertThat(Warehouses.sequenceGaps(cluster.warehouse(1).toString())).isEmpty();
        System.out.println(
                "PausedActiveTest: takeover at " + takeover + "; " + events + " events, each once in the lake");
    }

    /** When the node that is active now took over, as it recorded in the cluster database. */
    private static Instant activeSince(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, "");
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT max(active_since) FROM duckdock_nodes WHERE role = 'active'")) {
            rows.next();
            return rows.getTimestamp(1).toInstant();
        }
    }

    private static void signal(String signal, Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
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
