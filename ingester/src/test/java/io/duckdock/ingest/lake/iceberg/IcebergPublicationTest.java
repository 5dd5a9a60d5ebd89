package io.duckdock.ingest.lake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergPublicationTest {
    /** 2023-11-14T22:13:20Z; +1 day lands on the next partition. */
    private static final long T0 = 1_700_000_000_000_000L;

    private static final long DAY = 86_400_000_000L;

    @TempDir
    Path home;

    private DuckDockConfig config() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "1");
        config.layout().createDirectories();
        return config;
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

    @Test
    void publish_everySnapshotHoldsExactlyTheEventsOfTheBatchesItNames() throws Exception {
        DuckDockConfig config = config();
        Table events = null;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2; i++) {
                Parquet.events(
                        config.layout().staging().resolve("r" + round + "f" + i + ".parquet"),
                        "c" + round,
                        3,
                        10 + i,
                        T0 + i * DAY + round * 1_000_000L);
            }
            TestHomes.ingestOnce(config);
            events = IcebergLake.at(config.layout().lake()).events();
            long upTo = IcebergLake.publishedUpTo(events);
            assertThat(upTo).as("published mark after round %d", round).isEqualTo(2L * (round + 1));
            assertThat(IcebergReads.eventsPerBatch(events, null)).isEqualTo(warehousePerBatch(config, upTo));
        }
        List<Long> named = new ArrayList<>();
        for (Snapshot snapshot : events.snapshots()) {
            String batch = snapshot.summary().get(IcebergLake.BATCH_ID);
            if (!"append".equals(snapshot.operation())) {
                continue;
            }
            named.add(Long.parseLong(batch));
            long upTo = Long.parseLong(snapshot.summary().get(IcebergLake.LAST_BATCH_ID));
            assertThat(IcebergReads.eventsPerBatch(events, snapshot.snapshotId()))
                    .as("snapshot of batch %s", batch)
                    .isEqualTo(warehousePerBatch(config, upTo));
        }
        assertThat(named).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void publish_ledgerTablesHoldTheWarehouseLedgerAndBatchHistory() throws Exception {
        DuckDockConfig config = config();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "a", 2, 5, T0);
        Parquet.write(config.layout().staging().resolve("bad.parquet"), "SELECT 1 AS x");
        TestHomes.ingestOnce(config);
        IcebergLake lake = IcebergLake.at(config.layout().lake());
        String db = config.layout().database();
        assertThat(IcebergReads.rows(lake.files(), "file_name", "status", "fingerprint", "batch_id"))
                .isEqualTo(sorted(
                        Warehouses.rows(db, "SELECT file_name, status, fingerprint, batch_id FROM ingest_files")));
        assertThat(IcebergReads.rows(lake.batches(), "batch_id", "events_ingested", "first_offset", "last_offset"))
                .isEqualTo(sorted(Warehouses.rows(
                        db, "SELECT batch_id, events_ingested, first_offset, last_offset FROM ingest_batches")));
        assertThat(IcebergReads.rows(lake.files(), "status")).contains("rejected", "ingested");
    }

    @Test
    void publish_dropsLedgerRowsAnUnpublishedAttemptLeftAboveTheMark() throws Exception {
        DuckDockConfig config = config();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "a", 2, 5, T0);
        TestHomes.ingestOnce(config);
        // an attempt at batch 2 that committed its ledger row, then died before the events commit
        IcebergLake lake = IcebergLake.at(config.layout().lake());
        Path stale = Parquet.writeWithOptions(
                config.layout().lake().resolve("ingest_files/data/stale.parquet"),
                "SELECT 'gone.parquet' AS file_name, 'x' AS staged_path, 1::BIGINT AS size_bytes, "
                        + "TIMESTAMP '2026-01-01' AS modified_at, 'f' AS fingerprint, 1::BIGINT AS row_count, "
                        + "2::BIGINT AS batch_id, 'ingested' AS status, NULL::VARCHAR AS reason, "
                        + "TIMESTAMP '2026-01-01' AS recorded_at",
                ", " + LakeSchemas.fieldIds(LakeSchemas.FILES));
        lake.replaceLedger(
                lake.files(),
                1,
                2,
                DataFileFactory.of(lake.files(), stale.toUri().toString(), null));
        assertThat(IcebergReads.rows(IcebergLake.at(config.layout().lake()).files(), "file_name"))
                .containsExactly("a.parquet", "gone.parquet");
        Parquet.events(config.layout().staging().resolve("b.parquet"), "b", 2, 5, T0 + 1_000_000L);

        TestHomes.ingestOnce(config);

        IcebergLake after = IcebergLake.at(config.layout().lake());
        assertThat(IcebergReads.rows(after.files(), "file_name", "batch_id"))
                .containsExactly("a.parquet|1", "b.parquet|2");
        assertThat(IcebergLake.publishedUpTo(after.events())).isEqualTo(2);
    }

    private static List<String> sorted(List<List<String>> rows) {
        return rows.stream()
                .map(r -> String.join("|", r.stream().map(String::valueOf).toList()))
                .sorted()
                .toList();
    }

    /**
     * A reader thread reads the current snapshot over and over while batches are published and the
     * partitions compacted: every read it completes holds exactly the events of the batches up to the
     * one its snapshot names, each once; a read that raced a compaction fails, it never returns wrong rows.
     */
    @Test
    void readsDuringPublicationAndCompaction_holdExactlyTheBatchesTheirSnapshotNames() throws Exception {
        DuckDockConfig config = config();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<long[]> reads = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        List<Map<Long, Long>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                IcebergLake lake = IcebergLake.at(config.layout().lake());
                if (!lake.exists()) {
                    continue;
                }
                try {
                    Table events = lake.events();
                    Snapshot current = events.currentSnapshot();
                    if (current == null) {
                        continue;
                    }
                    Map<Long, Long> perBatch = IcebergReads.eventsPerBatch(events, current.snapshotId());
                    reads.add(new long[] {IcebergLake.publishedUpTo(events), perBatch.size()});
                    seen.add(perBatch);
                } catch (RuntimeException racedACompaction) {
                    failed.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 3; i++) {
                Parquet.events(
                        config.layout().staging().resolve("r" + round + "f" + i + ".parquet"),
                        "c",
                        3,
                        10 + round,
                        T0 + i * DAY + round * 1_000_000L);
            }
            TestHomes.ingestOnce(config);
            try (io.duckdock.ingest.IngesterLock lock = io.duckdock.ingest.IngesterLock.acquire(
                            config.layout().lockFile());
                    io.duckdock.ingest.Ingester ingester = io.duckdock.ingest.Ingester.create(config)) {
                ingester.compactLake(lock);
            }
        }
        stop.set(true);
        reader.join();

        Map<Long, Long> all = warehousePerBatch(config, Long.MAX_VALUE);
        assertThat(all).hasSize(12);
        assertThat(reads).hasSizeGreaterThan(5);
        for (int r = 0; r < reads.size(); r++) {
            long upTo = reads.get(r)[0];
            Map<Long, Long> expected = new TreeMap<>(all);
            expected.keySet().removeIf(batch -> batch > upTo);
            assertThat(seen.get(r))
                    .as("read %d of the snapshot up to batch %d", r, upTo)
                    .isEqualTo(expected);
        }
        Table events = IcebergLake.at(config.layout().lake()).events();
        assertThat(IcebergReads.eventsPerBatch(events, null)).isEqualTo(all);
        long replaces = 0;
        for (Snapshot snapshot : events.snapshots()) {
            replaces += "replace".equals(snapshot.operation()) ? 1 : 0;
        }
        assertThat(replaces).as("one rewrite commit per compacted partition").isGreaterThanOrEqualTo(3);
        System.out.println("reads completed: " + reads.size() + ", failed (raced a compaction): " + failed.get());
    }
}
