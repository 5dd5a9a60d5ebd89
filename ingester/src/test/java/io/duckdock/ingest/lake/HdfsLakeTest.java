package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestListener;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.storage.LakeStorage;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.LakeChecks;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake on a real HDFS (lake.dir = hdfs://...), staging local: publication, compaction with readers
 * during it, restore, snapshot expiry and orphan cleanup, each read back with Iceberg's own reader.
 */
@Tag("hdfs")
class HdfsLakeTest {
    /** 2023-11-14T22:13:20Z; +1 day lands on the next partition. */
    private static final long T0 = 1_700_000_000_000_000L;

    private static final long DAY = 86_400_000_000L;

    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path home;

    private String lakeUri;

    private DuckDockConfig config(TestInfo test, String... more) throws Exception {
        lakeUri = HDFS.uri("lakes/" + test.getTestMethod().orElseThrow().getName());
        List<String> settings = new ArrayList<>(List.of(
                "ingest.max-files-per-batch",
                "1",
                "lake.dir",
                lakeUri,
                // the README's advice for a lake on HDFS
                "hadoop.property.dfs.client.block.write.locateFollowingBlock.initial.delay.ms",
                "20"));
        settings.addAll(List.of(more));
        DuckDockConfig config = TestHomes.config(home, settings.toArray(String[]::new));
        config.layout().createDirectories();
        return config;
    }

    static LakeStorage storage(DuckDockConfig config) {
        return LakeStorage.of(
                config.layout().lakeDir(), config.hadoop(), config.layout().spool());
    }

    static IcebergLake iceberg(DuckDockConfig config) {
        return LakeChecks.iceberg(config);
    }

    private static void stage(DuckDockConfig config, String name, int events, long firstMicros) {
        Parquet.events(config.layout().staging().resolve(name), "c", 3, events, firstMicros);
    }

    private static Map<Long, Long> warehousePerBatch(DuckDockConfig config, long upTo) {
        Map<Long, Long> counts = new TreeMap<>();
        for (List<String> row : Warehouses.rows(
                config.layout().database(),
                "SELECT batch_id, count(*) FROM events WHERE batch_id <= " + upTo + " GROUP BY 1")) {
            counts.put(Long.parseLong(row.get(0)), Long.parseLong(row.get(1)));
        }
        return counts;
    }

    private static void assertLakeEqualsWarehouse(DuckDockConfig config) {
        LakeChecks.assertLakeEqualsWarehouse(config);
    }

    private static void assertNothingLeftBehind(DuckDockConfig config) throws Exception {
        LakeChecks.assertNothingLeftBehind(config, HDFS.fileSystem());
    }

    private static List<String> lakeLedger(DuckDockConfig config) {
        return Warehouses.rows(config.layout().database(), "SELECT path FROM lake_files ORDER BY path").stream()
                .map(r -> config.layout().lakeDir() + "/" + r.get(0))
                .toList();
    }

    private static List<String> icebergFiles(DuckDockConfig config) {
        return IcebergLake.currentFiles(iceberg(config).events()).stream()
                .map(DataFile::location)
                .sorted()
                .toList();
    }

    private static List<Long> appendedBatches(Table events) {
        List<Long> named = new ArrayList<>();
        for (Snapshot snapshot : events.snapshots()) {
            if ("append".equals(snapshot.operation())) {
                named.add(Long.parseLong(snapshot.summary().get(IcebergLake.BATCH_ID)));
            }
        }
        return named;
    }

    @Test
    void publish_toAnHdfsLake_everyBatchReadsBackEqualToTheWarehouse(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2; i++) {
                stage(config, "r" + round + "f" + i + ".parquet", 10 + i, T0 + i * DAY + round * 1_000_000L);
            }

            TestHomes.ingestOnce(config);

            Table events = iceberg(config).events();
            long upTo = IcebergLake.publishedUpTo(events);
            assertThat(upTo).as("published mark after round %d", round).isEqualTo(2L * (round + 1));
            assertThat(IcebergReads.eventsPerBatch(events, null)).isEqualTo(warehousePerBatch(config, upTo));
            assertLakeEqualsWarehouse(config);
        }
        Table events = iceberg(config).events();
        assertThat(appendedBatches(events)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(icebergFiles(config))
                .allMatch(location -> location.startsWith(lakeUri + "/events/event_date="))
                .isEqualTo(lakeLedger(config));
        assertThat(IcebergReads.rows(iceberg(config).files(), "file_name", "batch_id"))
                .hasSize(6)
                .contains("r0f0.parquet|1", "r2f1.parquet|6");
        LakeStatus status = LakeStatus.read(config);
        assertThat(status.table()).isEqualTo(lakeUri + "/events");
        assertThat(status.lastBatchId()).isEqualTo(6);
        assertThat(status.problem()).isNull();
        assertNothingLeftBehind(config);
    }

    @Test
    void publish_onHdfs_replacesAFileAnUnpublishedAttemptLeftAndNeverAppendsABatchTwice(TestInfo test)
            throws Exception {
        DuckDockConfig config = config(test);
        stage(config, "a.parquet", 10, T0);
        TestHomes.ingestOnce(config);
        // an attempt at batch 2 that died after its rename, before its Iceberg commit: half a file in place
        org.apache.hadoop.fs.Path leftover =
                new org.apache.hadoop.fs.Path(lakeUri + "/events/event_date=2023-11-14/batch-2.parquet");
        try (OutputStream out = HDFS.fileSystem().create(leftover)) {
            out.write("half a file".getBytes(StandardCharsets.UTF_8));
        }
        stage(config, "b.parquet", 10, T0 + 1_000_000L);

        TestHomes.ingestOnce(config);

        assertLakeEqualsWarehouse(config);
        // a crash after the Iceberg commit of batch 2, before the warehouse recorded it
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:duckdb:" + config.layout().database());
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM lake_batches WHERE batch_id = 2");
            statement.execute("DELETE FROM lake_files WHERE min_batch_id = 2");
        }

        TestHomes.ingestOnce(config);

        assertThat(appendedBatches(iceberg(config).events())).containsExactly(1L, 2L);
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM lake_batches"))
                .isEqualTo(2);
        assertThat(icebergFiles(config)).isEqualTo(lakeLedger(config));
        assertLakeEqualsWarehouse(config);
        assertNothingLeftBehind(config);
    }

    /**
     * A reader thread reads the current snapshot of the HDFS lake over and over while batches are
     * published and partitions compacted: each read it completes holds exactly the batches up to the
     * one its snapshot names, each once.
     */
    @Test
    void compact_onAnHdfsLake_readersDuringItSeeEveryBatchOnce(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> marks = Collections.synchronizedList(new ArrayList<>());
        List<Map<Long, Long>> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                try {
                    IcebergLake lake = iceberg(config);
                    if (!lake.exists() || lake.events().currentSnapshot() == null) {
                        continue;
                    }
                    Table events = lake.events();
                    Map<Long, Long> perBatch = IcebergReads.eventsPerBatch(
                            events, events.currentSnapshot().snapshotId());
                    marks.add(IcebergLake.publishedUpTo(events));
                    seen.add(perBatch);
                } catch (RuntimeException racedACompaction) {
                    failed.incrementAndGet();
                }
            }
        });
        reader.start();
        List<Lake.Compaction> compactions = new ArrayList<>();
        try {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 2; i++) {
                    stage(config, "r" + round + "f" + i + ".parquet", 10 + round, T0 + i * DAY + round * 1_000_000L);
                }
                TestHomes.ingestOnce(config);
                compactions.add(LakeTest.compact(config));
            }
        } finally {
            stop.set(true);
            reader.join();
        }

        assertThat(compactions.get(2)).isEqualTo(new Lake.Compaction(4, 2));
        Map<Long, Long> all = warehousePerBatch(config, Long.MAX_VALUE);
        assertThat(all).hasSize(6);
        assertThat(seen).isNotEmpty();
        for (int r = 0; r < seen.size(); r++) {
            long upTo = marks.get(r);
            Map<Long, Long> expected = new TreeMap<>(all);
            expected.keySet().removeIf(batch -> batch > upTo);
            assertThat(seen.get(r))
                    .as("read %d of the snapshot up to batch %d", r, upTo)
                    .isEqualTo(expected);
        }
        assertLakeEqualsWarehouse(config);
        assertThat(icebergFiles(config))
                .containsExactly(
                        lakeUri + "/events/event_date=2023-11-14/part-1-5.parquet",
                        lakeUri + "/events/event_date=2023-11-15/part-2-6.parquet")
                .isEqualTo(lakeLedger(config));
        Map<String, Long> compactionCommits = new TreeMap<>();
        for (Snapshot snapshot : iceberg(config).events().snapshots()) {
            if ("replace".equals(snapshot.operation())) {
                compactionCommits.merge(snapshot.summary().get(IcebergLake.COMPACTION), 1L, Long::sum);
            }
        }
        assertThat(compactionCommits)
                .as("per compacted partition one merge commit and one commit that moves the merged file's name")
                .isEqualTo(Map.of("merge", 4L, "rename", 4L));
        assertNothingLeftBehind(config);
        System.out.println("HDFS lake reads completed: " + seen.size() + ", raced a compaction: " + failed.get());
    }

    @Test
    void compact_onAnHdfsLake_finishesACompactionACrashInterrupted(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);
        for (int i = 0; i < 4; i++) {
            stage(config, "f" + i + ".parquet", 20, T0 + (i % 2) * DAY + i * 1_000_000L);
        }
        TestHomes.ingestOnce(config);
        String partition = lakeUri + "/events/event_date=2023-11-14";
        org.apache.hadoop.fs.FileSystem fs = HDFS.fileSystem();
        // a crash after step 3: the merged file uploaded hidden, the compaction recorded, one old file hidden
        Path local = Files.createDirectories(home.resolve("merge"));
        for (String name : List.of("batch-1.parquet", "batch-3.parquet")) {
            fs.copyToLocalFile(
                    new org.apache.hadoop.fs.Path(partition + "/" + name),
                    new org.apache.hadoop.fs.Path(local.resolve(name).toUri()));
        }
        Path merged = Parquet.write(
                local.resolve("merged.parquet"),
                "SELECT * FROM read_parquet(['" + local.resolve("batch-1.parquet") + "', '"
                        + local.resolve("batch-3.parquet") + "']) ORDER BY event_offset");
        fs.copyFromLocalFile(
                new org.apache.hadoop.fs.Path(merged.toUri()),
                new org.apache.hadoop.fs.Path(partition + "/.part-1-3.parquet.tmp"));
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:duckdb:" + config.layout().database());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO lake_compactions VALUES (DATE '2023-11-14', "
                    + "'events/event_date=2023-11-14/part-1-3.parquet', "
                    + "['events/event_date=2023-11-14/batch-1.parquet', 'events/event_date=2023-11-14/batch-3.parquet'], "
                    + "now()::TIMESTAMP)");
        }
        fs.rename(
                new org.apache.hadoop.fs.Path(partition + "/batch-1.parquet"),
                new org.apache.hadoop.fs.Path(partition + "/.batch-1.parquet.replaced"));

        LakeTest.compact(config);

        assertThat(icebergFiles(config))
                .containsExactly(
                        partition + "/part-1-3.parquet", lakeUri + "/events/event_date=2023-11-15/part-2-4.parquet")
                .isEqualTo(lakeLedger(config));
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM lake_compactions"))
                .isZero();
        assertLakeEqualsWarehouse(config);
        assertNothingLeftBehind(config);
    }

    @Test
    void restore_fromAnHdfsLake_rebuildsTheWarehouseThroughTheSpoolAndLeavesNoCopy(TestInfo test) throws Exception {
        DuckDockConfig config = config(test, "ingest.max-files-per-batch", "2");
        for (int i = 0; i < 6; i++) {
            stage(config, "f" + i + ".parquet", 25, T0 + (i % 2) * DAY + i * 1_000_000L);
        }
        Parquet.write(config.layout().staging().resolve("g-bad.parquet"), "SELECT 1 AS x");
        TestHomes.ingestOnce(config);
        LakeTest.compact(config);
        stage(config, "h.parquet", 10, T0 + 9_000_000L);
        TestHomes.ingestOnce(config);
        List<List<List<String>>> before = LakeRestoreTest.tables(config);
        Files.delete(Path.of(config.layout().database()));
        // a copy a crashed restore left in the lake's spool
        Path stale = config.layout().spool().resolve("lake/lake-1.parquet");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "left by a crash");

        LakeRestore.Result result;
        try (IngesterLock lock = IngesterLock.acquire(config)) {
            result = LakeRestore.restore(
                    lock, storage(config), config.layout().database(), config.warehouse(), LakeRestoreTest.QUIET);
        }

        assertThat(result.events()).isEqualTo(160);
        assertThat(LakeRestoreTest.tables(config)).isEqualTo(before);
        assertNothingLeftBehind(config);
    }

    @Test
    void restore_fromAnHdfsLakeWithoutATable_saysWhereItLooked(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);

        assertThatThrownBy(() -> {
                    try (IngesterLock lock = IngesterLock.acquire(config)) {
                        LakeRestore.restore(
                                lock,
                                storage(config),
                                config.layout().database(),
                                config.warehouse(),
                                LakeRestoreTest.QUIET);
                    }
                })
                .isInstanceOf(LakeException.class)
                .hasMessage("No Iceberg table at " + lakeUri
                        + "/events: nothing to restore from; check lake.dir and --home");
        assertThat(Path.of(config.layout().database())).doesNotExist();
    }

    @Test
    void expireAndDeleteOrphans_onAnHdfsLake_keepTheCurrentSnapshotAndRemoveOnlyUnnamedFiles(TestInfo test)
            throws Exception {
        DuckDockConfig config = config(test);
        stage(config, "a.parquet", 10, T0);
        stage(config, "b.parquet", 10, T0 + 1_000_000L);
        TestHomes.ingestOnce(config);
        org.apache.hadoop.fs.Path orphan =
                new org.apache.hadoop.fs.Path(lakeUri + "/events/event_date=2023-11-14/batch-9.parquet");
        try (OutputStream out = HDFS.fileSystem().create(orphan)) {
            out.write("never published".getBytes(StandardCharsets.UTF_8));
        }
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC);
        int expired;
        int orphans;
        try (IngesterLock lock = IngesterLock.acquire(config);
                Ingester ingester = Ingester.create(config, later, IngestListener.NONE)) {
            expired = ingester.expireLakeSnapshots(lock);
            orphans = ingester.deleteLakeOrphans(lock);
        }

        assertThat(expired).as("snapshots expired").isPositive();
        assertThat(orphans).as("orphan files deleted").isPositive();
        assertThat(HDFS.fileSystem().exists(orphan)).isFalse();
        assertThat(iceberg(config).events().snapshots()).hasSize(1);
        assertLakeEqualsWarehouse(config);
    }
}
