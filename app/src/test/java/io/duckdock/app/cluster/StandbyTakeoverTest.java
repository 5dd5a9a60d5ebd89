package io.duckdock.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.Poll;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services on one home without PostgreSQL: the active one is killed with SIGKILL while producers
 * keep staging files; a standby takes over through the home's ingester lock, which the kernel
 * releases when its holder dies. Every staged event ends up stored exactly once, numbered gap-free,
 * and the warehouse equals the lake.
 */
@Tag("jvm")
class StandbyTakeoverTest {
    private static final String[] SETTINGS = {
        "cluster.standby=true", "ingest.interval=200ms", "ingest.settle-time=0s", "ingest.max-files-per-batch=10"
    };

    /** The same settings, with the command-line option instead of the key. */
    private static final String[] STANDBY_OPTION = {
        "--standby", "ingest.interval=200ms", "ingest.settle-time=0s", "ingest.max-files-per-batch=10"
    };

    @TempDir
    Path home;

    @TempDir
    Path logs;

    @Test
    void sigkillOfTheActiveService_aStandbyTakesOverAndNothingIsLostOrDoubled() throws Exception {
        Takeovers takeovers = killRun(3);
        System.out.println("StandbyTakeoverTest (local standby, defaults): " + takeovers);
        assertThat(takeovers.max()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Tag("soak")
    void soak_tenSigkillsOfTheActiveService() throws Exception {
        Takeovers takeovers = killRun(10);
        System.out.println("StandbyTakeoverTest soak (local standby, defaults): " + takeovers);
        assertThat(takeovers.max()).isLessThan(Duration.ofSeconds(30));
    }

    private Takeovers killRun(int kills) throws Exception {
        Path staging = home.resolve("staging");
        Path archive = home.resolve("archive");
        Takeovers takeovers = new Takeovers();
        long produced;
        try (ServiceNodes nodes = new ServiceNodes(logs)) {
            nodes.start(home, SETTINGS);
            Poll.until(
                    "the first service takes over",
                    Duration.ofSeconds(60),
                    () -> nodes.active().isPresent());
            nodes.start(home, SETTINGS);
            nodes.start(home, SETTINGS);
            StagedLoad load = new StagedLoad(staging, 20);
            try {
                for (int kill = 0; kill < kills; kill++) {
                    long before = count(archive);
                    Poll.until("the active service ingests", Duration.ofSeconds(60), () -> count(archive) > before + 5);
                    ServiceNodes.Node active = nodes.active().orElseThrow();
                    long archivedAtKill = count(archive);
                    long killedAt = System.nanoTime();
                    active.process().destroyForcibly(); // SIGKILL
                    active.process().waitFor(30, TimeUnit.SECONDS);
                    Poll.until(
                            "a standby takes over and commits a batch",
                            Duration.ofSeconds(60),
                            () -> count(archive) > archivedAtKill);
                    takeovers.add(Duration.ofNanos(System.nanoTime() - killedAt));
                    assertThat(nodes.active()).as(nodes.outputs()).isPresent();
                    nodes.start(home, STANDBY_OPTION); // a new standby in place of the killed one
                }
            } finally {
                load.close();
            }
            produced = load.files();
            Poll.until("the backlog drains", Duration.ofSeconds(90), () -> countFiles(staging) == 0);
            nodes.stopAll();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logsOf(), e);
        }
        String db = home.resolve("warehouse.duckdb").toString();
        long events = produced * StagedLoad.EVENTS_PER_FILE;
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(events);
        assertThat(Warehouses.count(db, "SELECT count(DISTINCT event_id) FROM events"))
                .isEqualTo(events);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM ingest_files WHERE status = 'ingested'"))
                .isEqualTo(produced);
        // the standbys share the home, so the warehouse the last one wrote is the replica, complete
        try {
            LakeReplicas.assertEqualsLake(Path.of(db), home.resolve("lake"));
        } catch (RuntimeException | AssertionError e) {
            try (Stream<Path> files = Files.walk(home.resolve("lake/events"))) {
                throw new AssertionError(
                        e.getMessage() + "\nlake files:\n"
                                + String.join(
                                        "\n", files.map(Path::toString).sorted().toList()) + "\n" + logsOf(),
                        e);
            }
        }
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

    static long count(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .count();
        } catch (java.io.IOException e) {
            return 0; // a file moved while walking; the next poll counts again
        }
    }

    /** Staged files waiting (not the ingester's own hidden entries). */
    static long countFiles(Path staging) {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(staging)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
