package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.IngesterLockedException;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.storage.LakeStorage;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.IngestOnceMain;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeRestoreTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final long DAY = 86_400_000_000L;
    /** Every table a restore rebuilds (and a replica catches up), read in a stable order. */
    static final String[] TABLES = {
        "SELECT * FROM events ORDER BY event_offset",
        "SELECT * FROM conversation_heads ORDER BY conversation_id",
        "SELECT * FROM ingest_files ORDER BY batch_id, file_name",
        "SELECT * FROM ingest_batches ORDER BY batch_id",
        "SELECT batch_id, files, row_count FROM lake_batches ORDER BY batch_id",
        "SELECT path, event_date, row_count, size_bytes, min_batch_id, max_batch_id FROM lake_files ORDER BY path",
    };

    @TempDir
    Path home;

    static void restore(DuckDockConfig config) throws InterruptedException {
        try (IngesterLock lock = lockWithin(config, 30)) {
            LakeRestore.restore(lock, storage(config), config.layout().database(), config.warehouse(), QUIET);
        }
    }

    /** lake.dir, local or on HDFS. */
    static LakeStorage storage(DuckDockConfig config) {
        return LakeStorage.of(
                config.layout().lakeDir(), config.hadoop(), config.layout().spool());
    }

    /** The lake's Iceberg tables at lake.dir, local or on HDFS. */
    static IcebergLake lakeOf(DuckDockConfig config) {
        return IcebergLake.at(storage(config));
    }

    /** A restore's progress, not shown. */
    static final LakeRestore.Progress QUIET = new LakeRestore.Progress() {
        @Override
        public void step(String name) {}

        @Override
        public void events(long done, long total) {}
    };

    /** Every table a restore rebuilds, as rows. */
    static List<List<List<String>>> tables(DuckDockConfig config) {
        List<List<List<String>>> tables = new ArrayList<>();
        for (String sql : TABLES) {
            tables.add(Warehouses.rows(config.layout().database(), sql));
        }
        return tables;
    }

    private static void deleteWarehouse(DuckDockConfig config) throws Exception {
        Files.deleteIfExists(Path.of(config.layout().database()));
        Files.deleteIfExists(Path.of(config.layout().database() + ".wal"));
    }

    @Test
    void restore_rebuildsTheWarehouseFromTheLakeAloneAndAReDeliveredFileIsADuplicate() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "2");
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        for (int i = 0; i < 6; i++) {
            Parquet.events(staging.resolve("f" + i + ".parquet"), "c", 4, 25, T0 + (i % 2) * DAY + i * 1_000_000L);
        }
        Parquet.write(staging.resolve("g-bad.parquet"), "SELECT 1 AS x");
        TestHomes.ingestOnce(config);
        LakeTest.compact(config);
        Files.copy(
                config.layout().archive().resolve(archivedDay(config)).resolve("f0.parquet"),
                staging.resolve("h-copy-of-f0.parquet"));
        TestHomes.ingestOnce(config);
        List<List<List<String>>> before = tables(config);
        deleteWarehouse(config);

        restore(config);

        List<List<List<String>>> after = tables(config);
        for (int i = 0; i < TABLES.length; i++) {
            assertThat(after.get(i)).as(TABLES[i]).isEqualTo(before.get(i));
        }
        Files.copy(
                config.layout().archive().resolve(archivedDay(config)).resolve("f1.parquet"),
                staging.resolve("i-copy-of-f1.parquet"));
        Parquet.events(staging.resolve("j.parquet"), "c", 4, 10, T0 + 10_000_000L);
        TestHomes.ingestOnce(config);
        String db = config.layout().database();
        assertThat(Warehouses.rows(db, "SELECT status FROM ingest_files WHERE file_name = 'i-copy-of-f1.parquet'"))
                .containsExactly(List.of("duplicate"));
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(160);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.count(db, "SELECT count(DISTINCT event_offset) FROM events"))
                .isEqualTo(160);
    }

    @Test
    void restore_onAClusterNode_readsTheLakeWithoutTouchingItsFiles() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("f0.parquet"), "c", 4, 25, T0);
        TestHomes.ingestOnce(config);
        long events = Warehouses.count(config.layout().database(), "SELECT count(*) FROM events");
        Path partition;
        try (var dirs = Files.list(config.layout().lake().resolve("events"))) {
            partition = dirs.filter(d -> d.getFileName().toString().startsWith("event_date="))
                    .findFirst()
                    .orElseThrow();
        }
        // what the active node of a cluster has in flight: a file renamed in before its commit, an upload
        Path published;
        try (var files = Files.list(partition)) {
            published = files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        Path inFlight = Files.copy(published, partition.resolve("batch-2.parquet"));
        Path upload = Files.writeString(partition.resolve(".batch-3.parquet.tmp"), "uploading");
        deleteWarehouse(config);

        try (IngesterLock lock = lockWithin(config, 30)) {
            LakeRestore.restore(lock, storage(config), config.layout().database(), config.warehouse(), QUIET, false);
        }

        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(events);
        assertThat(inFlight).exists();
        assertThat(upload).exists();

        restore(config); // a single node's restore repairs the lake: no writer can be about

        assertThat(inFlight).doesNotExist();
        assertThat(upload).doesNotExist();
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(events);
    }

    @Test
    void publish_registersALakePublishedBeforeItWasAnIcebergTable() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "1");
        config.layout().createDirectories();
        for (int i = 0; i < 3; i++) {
            Parquet.events(
                    config.layout().staging().resolve("f" + i + ".parquet"), "c", 2, 10, T0 + i * DAY + i * 1_000_000L);
        }
        Parquet.write(config.layout().staging().resolve("g-bad.parquet"), "SELECT 1 AS x");
        TestHomes.ingestOnce(config);
        // what a lake published by an earlier DuckDock looks like: the Parquet files, no Iceberg metadata
        for (String table : List.of("events/metadata", "ingest_files", "ingest_batches")) {
            try (Stream<Path> walk = Files.walk(config.layout().lake().resolve(table))) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Parquet.events(config.layout().staging().resolve("h.parquet"), "c", 2, 10, T0 + 5_000_000L);

        TestHomes.ingestOnce(config);

        Table events = IcebergLake.at(config.layout().lake()).events();
        assertThat(IcebergReads.eventsPerBatch(events, null)).isEqualTo(Map.of(1L, 10L, 2L, 10L, 3L, 10L, 5L, 10L));
        List<List<List<String>>> before = tables(config);
        deleteWarehouse(config);
        restore(config);
        assertThat(tables(config)).isEqualTo(before);
    }

    @Test
    void restore_withoutALake_saysWhereItLooked() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();

        assertThatThrownBy(() -> restore(config))
                .isInstanceOf(LakeException.class)
                .hasMessage("No Iceberg table at "
                        + IcebergLake.at(config.layout().lake()).location("events")
                        + ": nothing to restore from; check lake.dir and --home")
                .extracting(e -> ((LakeException) e).category())
                .isEqualTo(ErrorCategory.CONFIGURATION);
        assertThat(Path.of(config.layout().database())).doesNotExist();
    }

    /**
     * Ingester processes killed with SIGKILL at random points; after every other kill the warehouse is
     * deleted and restored from the lake. In the end every staged event is stored once, gap-free, each
     * event the lake already held kept its sequence and offset, and no batch is appended twice.
     */
    @Test
    @Tag("jvm")
    void killedIngesterAndLostWarehouse_restoreThenIngestStoresEveryEventOnce() throws Exception {
        String[] settings = {"ingest.max-files-per-batch", "3"};
        DuckDockConfig config = TestHomes.config(home, settings);
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        killRestoreAndIngest(home, settings, new StagingArea() {
            @Override
            public void stage(String name, long firstMicros) {
                Parquet.events(staging.resolve(name), "conv" + (name.hashCode() & 3), 3, 20, firstMicros);
            }

            @Override
            public long waiting() throws Exception {
                try (Stream<Path> left = Files.list(staging)) {
                    return left.filter(p -> !p.getFileName().toString().startsWith("."))
                            .count();
                }
            }
        });
    }

    /** Where the kill test stages its files (20 events each), and how many visible files are left there. */
    interface StagingArea {
        void stage(String name, long firstMicros) throws Exception;

        long waiting() throws Exception;
    }

    /**
     * Ingester processes killed with SIGKILL at random points (each once it has published a batch); after
     * every other kill the warehouse is deleted and restored from the lake. Then one more ingest: every
     * staged event is stored once, gap-free, each event the lake held kept its sequence and offset, and
     * no batch is appended twice.
     */
    static void killRestoreAndIngest(Path home, String[] settings, StagingArea area) throws Exception {
        DuckDockConfig config = TestHomes.config(home, settings);
        Random random = new Random(11);
        int staged = 0;
        int restores = 0;
        int killedBetweenCommitAndPublication = 0;
        Map<String, String> published = new TreeMap<>();
        // 10 rounds, and more (up to 20) until a kill has landed between a warehouse commit and its
        // Iceberg commit: the kill points are random, and on a slow machine 10 may all miss that window
        for (int round = 0; round < 10 || (killedBetweenCommitAndPublication == 0 && round < 20); round++) {
            for (int f = 0; f < 8; f++) {
                area.stage("r" + round + "-f" + f + ".parquet", T0 + round * 1_000_000_000L + f * 1_000_000L);
                staged++;
            }
            Path log = home.resolve("ingester-" + round + ".log");
            long start = System.nanoTime();
            Process ingester = JavaProcess.start(IngestOnceMain.class, log, args(home, settings));
            JavaProcess.awaitLine(ingester, log, "locked", 60);
            long locked = System.nanoTime();
            // once this run has published a batch (a loaded machine can take seconds to get there), a random point
            awaitPublication(config, publishedMark(config), ingester);
            long publishedAt = System.nanoTime();
            Thread.sleep(random.nextInt(1200));
            ingester.destroyForcibly();
            ingester.waitFor();
            if (warehouseAheadOfLake(config)) {
                killedBetweenCommitAndPublication++;
            }
            long killed = System.nanoTime();
            if (round % 2 == 0 && lakeOf(config).exists()) {
                deleteWarehouse(config);
                restore(config);
                restores++;
            }
            System.out.printf(
                    "round %d: locked after %d ms, published after %d ms more, killed %d ms later, restore %d ms%n",
                    round,
                    (locked - start) / 1_000_000,
                    (publishedAt - locked) / 1_000_000,
                    (killed - publishedAt) / 1_000_000,
                    (System.nanoTime() - killed) / 1_000_000);
            IcebergLake lake = lakeOf(config);
            if (lake.exists()) {
                published.putAll(offsets(lake.events()));
            }
        }
        long finalRun = System.nanoTime();
        try (IngesterLock lock = lockWithin(config, 30);
                Ingester ingester = Ingester.create(config)) {
            ingester.runOnce(lock);
        }
        System.out.printf("final ingest: %d ms%n", (System.nanoTime() - finalRun) / 1_000_000);

        assertThat(restores).isGreaterThanOrEqualTo(4);
        assertThat(killedBetweenCommitAndPublication)
                .as("kills between a warehouse commit and its Iceberg commit")
                .isPositive();
        long events = staged * 20L;
        String db = config.layout().database();
        assertThat(Warehouses.rows(
                        db, "SELECT count(*), count(DISTINCT event_id), count(DISTINCT event_offset) " + "FROM events"))
                .containsExactly(List.of(String.valueOf(events), String.valueOf(events), String.valueOf(events)));
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(area.waiting()).isZero();
        Table table = lakeOf(config).events();
        Map<String, String> now = offsets(table);
        assertThat(now).hasSize((int) events);
        published.forEach((id, seqAndOffset) -> assertThat(now.get(id)).as(id).isEqualTo(seqAndOffset));
        Set<String> appended = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            if ("append".equals(snapshot.operation())) {
                assertThat(appended.add(snapshot.summary().get(IcebergLake.BATCH_ID)))
                        .as("batch %s appended twice", snapshot.summary().get(IcebergLake.BATCH_ID))
                        .isTrue();
            }
        }
        Map<Long, Long> perBatch = new TreeMap<>();
        Warehouses.rows(db, "SELECT batch_id, count(*) FROM events GROUP BY 1")
                .forEach(r -> perBatch.put(Long.parseLong(r.get(0)), Long.parseLong(r.get(1))));
        assertThat(IcebergReads.eventsPerBatch(table, null)).isEqualTo(perBatch);
    }

    /** The ingester lock, waiting for a killed holder's HDFS lease to expire (local locks free at once). */
    static IngesterLock lockWithin(DuckDockConfig config, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try {
                return IngesterLock.acquire(config);
            } catch (IngesterLockedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long publishedMark(DuckDockConfig config) {
        IcebergLake lake = lakeOf(config);
        return lake.exists() ? IcebergLake.publishedUpTo(lake.events()) : 0;
    }

    private static void awaitPublication(DuckDockConfig config, long before, Process ingester) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ingester.isAlive() && publishedMark(config) <= before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Whether the warehouse holds a committed batch that the events table does not name yet. */
    private static boolean warehouseAheadOfLake(DuckDockConfig config) {
        if (!Files.exists(Path.of(config.layout().database()))) {
            return false;
        }
        long committed =
                Warehouses.count(config.layout().database(), "SELECT coalesce(max(batch_id), 0) FROM ingest_batches");
        return committed > publishedMark(config);
    }

    /** event_id -> "sequence/offset" of every event in the current snapshot. */
    private static Map<String, String> offsets(Table table) {
        Map<String, String> offsets = new TreeMap<>();
        for (String row : IcebergReads.rows(table, "event_id", "sequence", "event_offset")) {
            String[] parts = row.split("\\|");
            offsets.put(parts[0], parts[1] + "/" + parts[2]);
        }
        return offsets;
    }

    private static String archivedDay(DuckDockConfig config) throws Exception {
        try (Stream<Path> days = Files.list(config.layout().archive())) {
            return days.findFirst().orElseThrow().getFileName().toString();
        }
    }

    private static String[] args(Path home, String[] settings) {
        String[] args = new String[settings.length + 2];
        args[0] = "--wait-lock=30";
        args[1] = home.toString();
        System.arraycopy(settings, 0, args, 2, settings.length);
        return args;
    }
}
