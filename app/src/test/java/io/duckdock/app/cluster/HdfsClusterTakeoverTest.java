package io.duckdock.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.Poll;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.LakeChecks;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.Postgres;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three service JVMs on one PostgreSQL sharing staging, archive, rejected and the Iceberg lake on a
 * real HDFS (MiniDFSCluster), with the README's recommended HDFS client setting. A producer writes
 * throughout; the active node is killed with SIGKILL at random points. At the end the lake, read
 * with Iceberg's reader on HDFS, holds every produced event once, batch ids run without a gap,
 * every live node's warehouse equals the lake, and no hidden upload file or spool file is left.
 */
@Tag("jvm")
@Tag("postgres")
@Tag("hdfs")
class HdfsClusterTakeoverTest {
    /** The README's recommended client setting for HDFS (see "The lake on HDFS"). */
    private static final String BLOCK_DELAY =
            "hadoop.property.dfs.client.block.write.locateFollowingBlock.initial.delay.ms=20";

    @RegisterExtension
    static final Postgres POSTGRES = new Postgres();

    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path root;

    @TempDir
    Path logs;

    @Test
    void sigkillOfTheActiveNodeFiveTimes_onHdfs_aStandbyTakesOverAndEveryEventIsStoredOnce(TestInfo test)
            throws Exception {
        Takeovers takeovers = killRun(test, 5);
        System.out.println("HdfsClusterTakeoverTest (HDFS, PostgreSQL, default cluster settings): " + takeovers);
        assertThat(takeovers.count()).isEqualTo(5);
        assertThat(takeovers.max()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Tag("soak")
    void soak_tenSigkillsOfTheActiveNode_onHdfs(TestInfo test) throws Exception {
        Takeovers takeovers = killRun(test, 10);
        System.out.println("HdfsClusterTakeoverTest soak (HDFS, PostgreSQL, default cluster settings): " + takeovers);
        assertThat(takeovers.count()).isEqualTo(10);
        assertThat(takeovers.max()).isLessThan(Duration.ofSeconds(30));
    }

    private Takeovers killRun(TestInfo test, int kills) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        ClusterHomes cluster = ClusterHomes.shared(root, HDFS.uri(name), POSTGRES.newDatabase(), BLOCK_DELAY);
        FileSystem fs = HDFS.fileSystem();
        String archive = cluster.sharedDir("archive");
        String staging = cluster.sharedDir("staging");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("HdfsClusterTakeoverTest: kill points drawn with seed " + seed);
        DuckDockConfig checker = config(cluster, root.resolve("checker"));
        Takeovers takeovers = new Takeovers();
        StagedLoad load;
        List<Path> live;
        try (ServiceNodes nodes = new ServiceNodes(logs)) {
            nodes.startCluster(cluster, 3, Duration.ofSeconds(90));
            load = StagedLoad.onHadoop(fs, staging, root.resolve("producer"), 20);
            try {
                for (int kill = 0; kill < kills; kill++) {
                    long before = archived(fs, archive);
                    Poll.until(
                            "the active node ingests",
                            Duration.ofSeconds(90),
                            () -> archived(fs, archive) > before + 5);
                    // a random point: mid-batch, mid-publication or between batches
                    Thread.sleep(random.nextInt(1500));
                    ServiceNodes.Node active = nodes.active().orElseThrow();
                    long killedAt = System.nanoTime();
                    active.process().destroyForcibly(); // SIGKILL
                    assertThat(active.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                    // read once the killed node is gone, so that only a batch of its successor counts
                    long publishedAtDeath = IcebergReads.lastBatch(LakeChecks.iceberg(checker));
                    Poll.until(
                            "a standby takes over and publishes a batch to the lake",
                            Duration.ofSeconds(90),
                            () -> IcebergReads.lastBatch(LakeChecks.iceberg(checker)) > publishedAtDeath);
                    takeovers.add(Duration.ofNanos(System.nanoTime() - killedAt));
                    nodes.start(cluster.newHome(), cluster.settings()); // a new standby in place of the killed one
                }
            } finally {
                load.close();
            }
            Poll.until("the backlog drains", Duration.ofSeconds(120), () -> staged(fs, staging) == 0);
            live = nodes.alive().stream().map(ServiceNodes.Node::home).toList();
            Supplier<IcebergLake> lake = () -> LakeChecks.iceberg(checker);
            Poll.until(
                    "every live node's warehouse equals the lake",
                    Duration.ofSeconds(90),
                    () -> live.stream()
                            .allMatch(home -> LakeReplicas.equalsLake(home.resolve("warehouse.duckdb"), lake)));
            nodes.stopAll();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logsOf(), e);
        }

        long events = load.files() * StagedLoad.EVENTS_PER_FILE;
        IcebergLake lake = LakeChecks.iceberg(checker);
        List<String> lakeEvents = IcebergReads.eventRows(lake);
        assertThat(lakeEvents).as("events in the lake on HDFS").hasSize((int) events);
        assertThat(new HashSet<>(lakeEvents.stream()
                        .map(r -> r.substring(0, r.indexOf('|')))
                        .toList()))
                .as("distinct event ids in the lake")
                .hasSize((int) events);
        long lastBatch = IcebergReads.lastBatch(lake);
        // batch ids 1..n without a gap, and a row in the history for each
        assertThat(IcebergReads.batchRows(lake).stream()
                        .map(r -> Long.parseLong(r.substring(0, r.indexOf('|'))))
                        .sorted()
                        .toList())
                .as("batch ids in the lake's history")
                .isEqualTo(LongStream.rangeClosed(1, lastBatch).boxed().toList());
        assertThat(live).hasSize(3);
        for (Path home : live) {
            String warehouse = home.resolve("warehouse.duckdb").toString();
            LakeReplicas.assertEqualsLake(home.resolve("warehouse.duckdb"), () -> lake);
            assertThat(Warehouses.sequenceGaps(warehouse)).isEmpty();
            assertThat(Warehouses.count(warehouse, "SELECT count(DISTINCT event_offset) FROM events"))
                    .isEqualTo(events);
            assertThat(Warehouses.count(warehouse, "SELECT min(event_offset) FROM events"))
                    .isEqualTo(1);
            assertThat(Warehouses.count(warehouse, "SELECT max(event_offset) FROM events"))
                    .isEqualTo(events);
            // no hidden upload file in the lake, no spool file in the node's home
            LakeChecks.assertNothingLeftBehind(config(cluster, home), fs);
        }
        assertThat(hidden(fs, staging)).as("hidden files in staging").isEmpty();
        System.out.println("HdfsClusterTakeoverTest: " + events + " events produced, each once in the lake on HDFS, "
                + lastBatch + " batches; every live node's replica equals the lake");
        return takeovers;
    }

    /** The configuration a node on {@code home} reads (for its layout: the lake, the spool). */
    private static DuckDockConfig config(ClusterHomes cluster, Path home) {
        List<String> pairs = new ArrayList<>();
        for (String setting : cluster.settings()) {
            int eq = setting.indexOf('=');
            pairs.add(setting.substring(0, eq));
            pairs.add(setting.substring(eq + 1));
        }
        return TestHomes.config(home, pairs.toArray(String[]::new));
    }

    /** Parquet files in the archive (moved there once their batch committed). */
    private static long archived(FileSystem fs, String archive) {
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(archive);
            if (!fs.exists(dir)) {
                return 0;
            }
            long count = 0;
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
            while (files.hasNext()) {
                String file = files.next().getPath().getName();
                if (file.endsWith(".parquet") && !file.startsWith(".")) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Visible files waiting in staging. */
    private static long staged(FileSystem fs, String staging) {
        return names(fs, staging).stream().filter(n -> !n.startsWith(".")).count();
    }

    private static List<String> hidden(FileSystem fs, String staging) {
        return names(fs, staging).stream().filter(n -> n.startsWith(".")).toList();
    }

    private static List<String> names(FileSystem fs, String dir) {
        try {
            List<String> names = new ArrayList<>();
            for (FileStatus status : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
                if (status.isFile()) {
                    names.add(status.getPath().getName());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logsOf() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                all.append("==== ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return all.toString();
    }
}
