package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.FencedException;
import io.duckdock.ingest.IngestListener;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.Warehouse;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.TableProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two homes sharing one lake: a writer and a replica caught up from the lake alone. */
class LakeCatchUpTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final long DAY = 86_400_000_000L;

    @TempDir
    Path root;

    private DuckDockConfig node(String name, String... more) throws Exception {
        String[] keys = new String[more.length + 4];
        keys[0] = "lake.dir";
        keys[1] = root.resolve("lake").toString();
        keys[2] = "ingest.max-files-per-batch";
        keys[3] = "1";
        System.arraycopy(more, 0, keys, 4, more.length);
        DuckDockConfig config = TestHomes.config(Files.createDirectories(root.resolve(name)), keys);
        config.layout().createDirectories();
        return config;
    }

    private static LakeCatchUp.Pass catchUp(DuckDockConfig config, int perTransaction) {
        try (Connection connection =
                Warehouse.openForWriting(config.layout().database(), config.warehouse(), Duration.ofSeconds(5))) {
            return LakeCatchUp.of(config.layout().lake(), Clock.systemUTC(), perTransaction)
                    .run(connection, Integer.MAX_VALUE);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stage(DuckDockConfig config, String name, String conversations, int events, long at) {
        Parquet.events(config.layout().staging().resolve(name), conversations, 3, events, at);
    }

    private static void assertSameTables(DuckDockConfig replica, DuckDockConfig writer) {
        for (String sql : LakeRestoreTest.TABLES) {
            assertThat(Warehouses.rows(replica.layout().database(), sql))
                    .as(sql)
                    .isEqualTo(Warehouses.rows(writer.layout().database(), sql));
        }
    }

    @Test
    void catchUp_makesTheReplicaEqualToTheWriterAcrossBatchesAndACompaction() throws Exception {
        DuckDockConfig writer = node("a");
        DuckDockConfig replica = node("b");
        for (int i = 0; i < 5; i++) {
            stage(writer, "f" + i + ".parquet", "c", 20 + i, T0 + (i % 2) * DAY + i * 1_000_000L);
        }
        Parquet.write(writer.layout().staging().resolve("g-bad.parquet"), "SELECT 1 AS x");
        TestHomes.ingestOnce(writer);

        LakeCatchUp.Pass first = catchUp(replica, 2);

        assertThat(first.applied()).isEqualTo(6);
        assertThat(first.replicaBatch()).isEqualTo(6);
        assertThat(first.behind()).isZero();
        assertSameTables(replica, writer);

        LakeTest.compact(writer);
        stage(writer, "h.parquet", "c", 7, T0 + 9_000_000L);
        TestHomes.ingestOnce(writer);
        LakeCatchUp.Pass second = catchUp(replica, 2);

        assertThat(second.applied()).isEqualTo(1);
        assertSameTables(replica, writer);
        assertThat(catchUp(replica, 2).applied()).isZero();
    }

    @Test
    void aReplicaThatIngests_continuesBatchIdsSequencesAndOffsetsOfTheLake() throws Exception {
        DuckDockConfig writer = node("a");
        DuckDockConfig replica = node("b");
        for (int i = 0; i < 3; i++) {
            stage(writer, "f" + i + ".parquet", "c", 10, T0 + i * 1_000_000L);
        }
        TestHomes.ingestOnce(writer);
        catchUp(replica, 10);

        stage(replica, "next.parquet", "c", 9, T0 + 5_000_000L);
        TestHomes.ingestOnce(replica);

        String db = replica.layout().database();
        assertThat(Warehouses.rows(
                        db,
                        "SELECT batch_id, events_ingested, first_offset, last_offset FROM "
                                + "ingest_batches ORDER BY batch_id"))
                .containsExactly(
                        List.of("1", "10", "1", "10"),
                        List.of("2", "10", "11", "20"),
                        List.of("3", "10", "21", "30"),
                        List.of("4", "9", "31", "39"));
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.rows(db, "SELECT conversation_id, last_sequence FROM conversation_heads ORDER BY 1"))
                .containsExactly(List.of("c-0", "15"), List.of("c-1", "12"), List.of("c-2", "12"));
        assertThat(IcebergLake.publishedUpTo(
                        IcebergReads.lake(replica.layout().lake()).events()))
                .isEqualTo(4);
        // and the former writer, now a replica, follows
        catchUp(writer, 10);
        assertSameTables(writer, replica);
    }

    @Test
    void catchUp_discardsBatchesTheReplicaNeverPublishedAndAppliesTheLakes() throws Exception {
        DuckDockConfig writer = node("a");
        DuckDockConfig replica = node("b");
        stage(writer, "f0.parquet", "c", 10, T0);
        TestHomes.ingestOnce(writer);
        catchUp(replica, 10);
        // the replica's node ingested a batch but died before publishing it; another node published batch 2
        DuckDockConfig unpublished = TestHomes.config(
                replica.layout().home(), "lake.dir", root.resolve("lake").toString(), "lake.enabled", "false");
        stage(replica, "mine.parquet", "m", 5, T0 + 1_000_000L);
        TestHomes.ingestOnce(unpublished);
        stage(writer, "theirs.parquet", "c", 8, T0 + 2_000_000L);
        TestHomes.ingestOnce(writer);

        LakeCatchUp.Pass pass = catchUp(replica, 10);

        assertThat(pass.discarded()).isEqualTo(1);
        assertThat(pass.applied()).isEqualTo(1);
        assertSameTables(replica, writer);
    }

    @Test
    void publish_ofABatchIdTheLakeHoldsFromAnotherNode_failsAndLeavesTheLakeAsItWas() throws Exception {
        DuckDockConfig deposed = node("a");
        DuckDockConfig successor = node("b");
        stage(deposed, "f0.parquet", "c", 10, T0);
        TestHomes.ingestOnce(deposed);
        catchUp(successor, 10);
        stage(successor, "theirs.parquet", "c", 8, T0 + 2_000_000L);
        TestHomes.ingestOnce(successor);
        stage(deposed, "mine.parquet", "m", 5, T0 + 1_000_000L);

        assertThatThrownBy(() -> TestHomes.ingestOnce(deposed))
                .isInstanceOf(LakeException.class)
                .hasMessageContaining("batch 2: the lake already holds a different batch 2")
                .hasMessageContaining("its files stay in staging")
                .satisfies(e -> assertThat(((LakeException) e).category()).isEqualTo(ErrorCategory.INGESTER_BUSY));

        assertThat(deposed.layout().staging().resolve("mine.parquet")).exists();
        assertThat(IcebergReads.eventsPerBatch(
                        IcebergReads.lake(deposed.layout().lake()).events(), null))
                .isEqualTo(Map.of(1L, 10L, 2L, 8L));
        // once it stands by, its replica drops its own batch 2 and takes the lake's
        catchUp(deposed, 10);
        assertSameTables(deposed, successor);
    }

    @Test
    void publish_checksTheFenceBeforeTheIcebergCommit() throws Exception {
        DuckDockConfig config = node("a");
        stage(config, "f0.parquet", "c", 10, T0);
        TestHomes.ingestOnce(config);
        stage(config, "f1.parquet", "c", 10, T0 + 1_000_000L);
        AtomicInteger checks = new AtomicInteger();
        // open for the warehouse commit (the first check), closed by the time the lake is written
        io.duckdock.ingest.WriteFence fence = () -> {
            if (checks.incrementAndGet() > 1) {
                throw new FencedException("deposed");
            }
        };

        try (IngesterLock lock = IngesterLock.acquire(config);
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), IngestListener.NONE, fence)) {
            assertThatThrownBy(() -> ingester.runOnce(lock)).isInstanceOf(FencedException.class);
        }

        IcebergLake lake = IcebergReads.lake(config.layout().lake());
        assertThat(IcebergLake.publishedUpTo(lake.events())).isEqualTo(1);
        assertThat(IcebergLake.publishedUpTo(lake.files())).isEqualTo(1);
        assertThat(config.layout().staging().resolve("f1.parquet")).exists();
        assertThat(lake.events().properties()).containsEntry(TableProperties.COMMIT_NUM_RETRIES, "0");
    }

    @Test
    void catchUp_refusesAWarehouseBuiltFromAnotherLake() throws Exception {
        DuckDockConfig writer = node("a");
        DuckDockConfig elsewhere = TestHomes.config(
                Files.createDirectories(root.resolve("b")),
                "lake.dir",
                root.resolve("own-lake").toString());
        elsewhere.layout().createDirectories();
        stage(elsewhere, "own.parquet", "o", 5, T0);
        TestHomes.ingestOnce(elsewhere);
        stage(writer, "f0.parquet", "c", 10, T0);
        stage(writer, "f1.parquet", "c", 10, T0 + 1_000_000L);
        TestHomes.ingestOnce(writer);

        try (Connection connection =
                Warehouse.openForWriting(elsewhere.layout().database(), elsewhere.warehouse(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> LakeCatchUp.of(writer.layout().lake(), Clock.systemUTC(), 10)
                            .run(connection, 10))
                    .isInstanceOf(LakeException.class)
                    .hasMessageStartingWith("Batch 1 of the warehouse is not the lake's batch 1 (fingerprint ")
                    .hasMessageEndingWith("this warehouse was not built from the lake "
                            + writer.layout().lake() + "; rebuild it with duckdock restore --force, or check lake.dir");
        }
        assertThat(Warehouses.count(elsewhere.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(5);
    }

    @Test
    void catchUp_refusesALakeDirWithoutALakeWhenTheWarehouseHasPublishedBatches() throws Exception {
        DuckDockConfig writer = node("a");
        stage(writer, "f0.parquet", "c", 10, T0);
        TestHomes.ingestOnce(writer);
        Path mistyped = root.resolve("no-lake-here");

        try (Connection connection =
                Warehouse.openForWriting(writer.layout().database(), writer.warehouse(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() ->
                            LakeCatchUp.of(mistyped, Clock.systemUTC(), 10).run(connection, 10))
                    .isInstanceOf(LakeException.class)
                    .hasMessage("The warehouse holds batches up to 1 published to a lake, but there is no lake at "
                            + mistyped + ": every node of a cluster must use the same lake.dir; check lake.dir");
        }
        assertThat(Warehouses.count(writer.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(10);
    }
}
