package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.LakeCounterMain;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {
    /** 2023-11-14T22:13:20Z: files spanning a few minutes stay on one date; +1 day lands on the next. */
    private static final long T0 = 1_700_000_000_000_000L;

    private static final long DAY = 86_400_000_000L;

    @TempDir
    Path home;

    private DuckDockConfig config(String... keyValues) throws Exception {
        String[] all = Stream.concat(Stream.of("ingest.max-files-per-batch", "1"), Stream.of(keyValues))
                .toArray(String[]::new);
        DuckDockConfig config = TestHomes.config(home, all);
        config.layout().createDirectories();
        return config;
    }

    static IngestReport ingest(DuckDockConfig config, Clock clock) {
        return TestHomes.ingestOnce(config, clock);
    }

    static Lake.Compaction compact(DuckDockConfig config) {
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config)) {
            return ingester.compactLake(lock);
        }
    }

    private void stage(DuckDockConfig config, int files) {
        for (int i = 0; i < files; i++) {
            Parquet.events(
                    config.layout().staging().resolve("f" + i + ".parquet"),
                    "c",
                    3,
                    20,
                    T0 + (i % 2) * DAY + i * 100_000_000L);
        }
    }

    static String lakeRows(DuckDockConfig config) {
        return "(SELECT * FROM read_parquet('" + Lake.glob(config.layout().lake()) + "', hive_partitioning = true))";
    }

    /** The files in the lake's event partitions (not the Iceberg metadata nor the ledger tables). */
    private static List<Path> lakeFiles(DuckDockConfig config) throws Exception {
        Path events = config.layout().lake().resolve("events");
        if (!Files.exists(events)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(events)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(events.resolve("metadata")))
                    .sorted()
                    .toList();
        }
    }

    private static void assertLakeMatchesDatabase(DuckDockConfig config, long events) {
        String db = config.layout().database();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM " + lakeRows(config)))
                .isEqualTo(events);
        assertThat(Warehouses.count(db, "SELECT count(DISTINCT event_offset) FROM " + lakeRows(config)))
                .isEqualTo(events);
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM (SELECT event_id, conversation_id, sequence, "
                                + "event_offset, batch_id, \"timestamp\" FROM events EXCEPT SELECT event_id, conversation_id, sequence, "
                                + "event_offset, batch_id, \"timestamp\" FROM " + lakeRows(config) + ")"))
                .isZero();
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM " + lakeRows(config)
                                + " WHERE event_date <> CAST(\"timestamp\" AS DATE)"))
                .isZero();
    }

    @Test
    void publish_writesEachCommittedBatchOncePerEventDate() throws Exception {
        DuckDockConfig config = config();
        stage(config, 4);

        IngestReport report = ingest(config, Clock.systemUTC());

        assertThat(report.batches()).hasSize(4);
        assertLakeMatchesDatabase(config, 80);
        assertThat(lakeFiles(config))
                .extracting(p -> config.layout().lake().relativize(p).toString())
                .containsExactly(
                        "events/event_date=2023-11-14/batch-1.parquet",
                        "events/event_date=2023-11-14/batch-3.parquet",
                        "events/event_date=2023-11-15/batch-2.parquet",
                        "events/event_date=2023-11-15/batch-4.parquet");
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM lake_batches"))
                .isEqualTo(4);
    }

    @Test
    void publish_repairsBatchesCommittedButNeverPublished() throws Exception {
        DuckDockConfig disabled = config("lake.enabled", "false");
        stage(disabled, 3);
        ingest(disabled, Clock.systemUTC());
        assertThat(lakeFiles(disabled)).isEmpty();

        DuckDockConfig config = config();
        IngestReport report = ingest(config, Clock.systemUTC());

        assertThat(report.batches()).isEmpty();
        assertLakeMatchesDatabase(config, 60);
    }

    @Test
    void publish_againAfterCrashBeforeLedgerRowProducesNoDuplicates() throws Exception {
        DuckDockConfig config = config();
        stage(config, 3);
        ingest(config, Clock.systemUTC());
        // a crash after the rename but before the ledger commit: files in place, ledger silent, stale temp file
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:duckdb:" + config.layout().database());
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM lake_batches WHERE batch_id = 2");
            statement.execute("DELETE FROM lake_files WHERE min_batch_id = 2");
        }
        Path partition = config.layout().lake().resolve("events/event_date=2023-11-15");
        List<Path> before = lakeFiles(config);
        Files.writeString(partition.resolve(".batch-2.parquet.tmp"), "half a file");

        ingest(config, Clock.systemUTC());

        assertLakeMatchesDatabase(config, 60);
        // the events table already named batch 2: nothing is written again, and the killed upload is removed
        assertThat(lakeFiles(config)).isEqualTo(before);
        assertThat(partition.resolve(".batch-2.parquet.tmp")).doesNotExist();
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM lake_batches"))
                .isEqualTo(3);
        assertThat(io.duckdock.ingest.testing.IcebergReads.eventsPerBatch(
                        io.duckdock.ingest.lake.iceberg.IcebergLake.at(
                                        config.layout().lake())
                                .events(),
                        null))
                .containsExactly(
                        java.util.Map.entry(1L, 20L), java.util.Map.entry(2L, 20L), java.util.Map.entry(3L, 20L));
    }

    @Test
    void compact_mergesEachPartitionsSmallFilesWithoutLosingOrRepeatingEvents() throws Exception {
        DuckDockConfig config = config();
        stage(config, 6);
        ingest(config, Clock.systemUTC());
        assertThat(lakeFiles(config)).hasSize(6);

        Lake.Compaction result = compact(config);

        assertThat(result).isEqualTo(new Lake.Compaction(6, 2));
        assertThat(lakeFiles(config))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("part-1-5.parquet", "part-2-6.parquet");
        assertLakeMatchesDatabase(config, 120);
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM lake_compactions"))
                .isZero();
        assertThat(Warehouses.count(config.layout().database(), "SELECT sum(row_count) FROM lake_files"))
                .isEqualTo(120);

        stage(config, 2);
        ingest(config, Clock.systemUTC());
        assertThat(compact(config)).isEqualTo(new Lake.Compaction(4, 2));
    }

    @Test
    void compact_finishesACompactionACrashInterrupted() throws Exception {
        DuckDockConfig config = config();
        stage(config, 4);
        ingest(config, Clock.systemUTC());
        Path partition = config.layout().lake().resolve("events/event_date=2023-11-14");
        // crash after step 3: merged file written hidden, compaction recorded, old files hidden
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:duckdb:" + config.layout().database());
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_parquet(['" + partition.resolve("batch-1.parquet") + "', '"
                    + partition.resolve("batch-3.parquet") + "'])) TO '" + partition.resolve(".part-1-3.parquet.tmp")
                    + "' (FORMAT parquet)");
            statement.execute("INSERT INTO lake_compactions VALUES (DATE '2023-11-14', "
                    + "'events/event_date=2023-11-14/part-1-3.parquet', "
                    + "['events/event_date=2023-11-14/batch-1.parquet', 'events/event_date=2023-11-14/batch-3.parquet'], "
                    + "now()::TIMESTAMP)");
        }
        Files.move(partition.resolve("batch-1.parquet"), partition.resolve(".batch-1.parquet.replaced"));

        compact(config);

        assertLakeMatchesDatabase(config, 80);
        assertThat(lakeFiles(config))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("part-1-3.parquet", "part-2-4.parquet");
    }

    @Test
    void purgeCold_deletesOnlyPublishedEventsOlderThanTheHotWindow() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2023-11-18T12:00:00Z"), ZoneOffset.UTC);
        DuckDockConfig config = config("warehouse.hot-days", "3");
        stage(config, 4);

        ingest(config, clock);

        String db = config.layout().database();
        // cut-off 2023-11-15T00:00: the 14th leaves the database, the 15th stays
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(40);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events WHERE \"timestamp\" < '2023-11-15'"))
                .isZero();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM " + lakeRows(config)))
                .isEqualTo(80);
        assertThat(Warehouses.rows(db, "SELECT purged_before::VARCHAR FROM lake_retention"))
                .containsExactly(List.of("2023-11-15 00:00:00"));
    }

    @Test
    void purgeCold_keepsEverythingWhenTheLakeIsDisabled() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2023-11-18T12:00:00Z"), ZoneOffset.UTC);
        DuckDockConfig config = config("warehouse.hot-days", "3", "lake.enabled", "false");
        stage(config, 4);

        ingest(config, clock);

        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(80);
    }

    @Test
    @Tag("jvm")
    void readerProcessDuringIngestionAndCompaction_neverSeesAnEventTwiceNorMoreThanCommitted() throws Exception {
        DuckDockConfig config = config();
        Path log = config.layout().home().resolve("reader.log");
        Path stop = config.layout().home().resolve("reader.stop");
        Process reader = JavaProcess.start(
                LakeCounterMain.class, log, Lake.glob(config.layout().lake()), stop.toString());
        JavaProcess.awaitLine(reader, log, "ready", 60);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 2; i++) {
                Parquet.events(
                        config.layout().staging().resolve("r" + round + "-" + i + ".parquet"),
                        "c",
                        3,
                        20,
                        T0 + (round * 2 + i) * 100_000_000L);
            }
            ingest(config, Clock.systemUTC());
            compact(config);
        }
        Files.writeString(stop, "stop");
        assertThat(JavaProcess.await(reader, 60)).isZero();

        java.util.List<String> counts = Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("count="))
                .toList();
        assertThat(counts).isNotEmpty();
        for (String line : counts) {
            String[] parts = line.split("[= ]");
            long count = Long.parseLong(parts[1]);
            assertThat(count).as(line).isEqualTo(Long.parseLong(parts[3])).isLessThanOrEqualTo(200);
        }
        assertThat(counts.get(counts.size() - 1)).isEqualTo("count=200 distinct=200");
        assertLakeMatchesDatabase(config, 200);
    }
}
