package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.storage.LakeStorage;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.LakeChecks;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compaction stopped after each of its steps: at every step an Iceberg reader of the current snapshot
 * reads every event once and a glob reader sees no event twice; a crash at any step is finished by the next
 * compaction, or by a restore and the next compaction when the warehouse is lost too.
 */
class CompactionStepsTest {
    /** 2023-11-14T22:13:20Z: four batches of 20 events on that day, a fifth on the next, not compacted. */
    private static final long T0 = 1_700_000_000_000_000L;

    private static final long DAY = 86_400_000_000L;

    private static final Map<Long, Long> ALL = Map.of(1L, 20L, 2L, 20L, 3L, 20L, 4L, 20L, 5L, 20L);

    private static final List<String> STEPS = List.of(
            "merged hidden",
            "merge committed",
            "copy staged",
            "replaced hidden",
            "merged shown",
            "rename committed",
            "recorded");

    @TempDir
    Path home;

    private DuckDockConfig fourBatchesInOnePartition() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "1");
        config.layout().createDirectories();
        for (int i = 0; i < 4; i++) {
            Parquet.events(config.layout().staging().resolve("f" + i + ".parquet"), "c", 2, 20, T0 + i * 1_000_000L);
        }
        Parquet.events(config.layout().staging().resolve("f4.parquet"), "c", 2, 20, T0 + DAY);
        TestHomes.ingestOnce(config);
        return config;
    }

    private static void compact(DuckDockConfig config, CompactionSteps.Probe probe) throws Exception {
        Path lake = config.layout().lake();
        try (Connection connection =
                DriverManager.getConnection("jdbc:duckdb:" + config.layout().database())) {
            new LakeCompactor(
                            connection,
                            LakeStorage.local(lake),
                            IcebergLake.at(lake).forWriting(),
                            config.lake().targetFileSizeBytes(),
                            Clock.systemUTC(),
                            WriteFence.OPEN,
                            probe)
                    .compact();
        }
    }

    private static Map<Long, Long> icebergCurrent(DuckDockConfig config) {
        return IcebergReads.eventsPerBatch(
                IcebergLake.at(config.layout().lake()).events(), null);
    }

    private static List<String> partitionFiles(DuckDockConfig config) throws IOException {
        try (Stream<Path> files = Files.list(config.layout().lake().resolve("events/event_date=2023-11-14"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, Long> compactionCommits(DuckDockConfig config) {
        Map<String, Long> commits = new java.util.TreeMap<>();
        for (Snapshot snapshot : IcebergLake.at(config.layout().lake()).events().snapshots()) {
            String step = snapshot.summary().get(IcebergLake.COMPACTION);
            if (step != null) {
                commits.merge(step, 1L, Long::sum);
            }
        }
        return commits;
    }

    @Test
    void compaction_atEveryStep_theCurrentSnapshotReadsWholeAndTheGlobNeverRepeatsAnEvent() throws Exception {
        DuckDockConfig config = fourBatchesInOnePartition();
        List<String> reached = new ArrayList<>();

        compact(config, step -> {
            reached.add(step);
            assertThat(icebergCurrent(config))
                    .as("Iceberg read at step %s", step)
                    .isEqualTo(ALL);
            try {
                long[] glob = LakeChecks.globCounts(config);
                assertThat(glob[0])
                        .as("glob at step %s", step)
                        .isEqualTo(glob[1])
                        .isLessThanOrEqualTo(100);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });

        assertThat(reached).isEqualTo(STEPS);
        assertThat(LakeChecks.globCounts(config)).containsExactly(100, 100);
        assertThat(partitionFiles(config)).containsExactly("part-1-4.parquet");
        assertThat(compactionCommits(config)).isEqualTo(Map.of("merge", 1L, "rename", 1L));
        assertThat(Warehouses.rows(
                        config.layout().database(), "SELECT path FROM lake_files WHERE event_date = DATE '2023-11-14'"))
                .containsExactly(List.of("events/event_date=2023-11-14/part-1-4.parquet"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "merged hidden",
                "merge committed",
                "copy staged",
                "replaced hidden",
                "merged shown",
                "rename committed",
                "recorded"
            })
    void compaction_crashedAfterAnyStep_isFinishedByTheNextOne(String crashAt) throws Exception {
        DuckDockConfig config = fourBatchesInOnePartition();
        assertThatThrownBy(() -> compact(config, crashingAt(crashAt))).hasMessageContaining("crash at " + crashAt);
        assertThat(icebergCurrent(config)).isEqualTo(ALL);

        LakeTest.compact(config);

        assertThat(icebergCurrent(config)).isEqualTo(ALL);
        assertThat(LakeChecks.globCounts(config)).containsExactly(100, 100);
        assertThat(partitionFiles(config)).containsExactly("part-1-4.parquet");
        assertThat(compactionCommits(config)).isEqualTo(Map.of("merge", 1L, "rename", 1L));
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM lake_compactions"))
                .isZero();
        assertThat(Warehouses.rows(
                        config.layout().database(),
                        "SELECT path, row_count FROM lake_files WHERE event_date = DATE '2023-11-14'"))
                .containsExactly(List.of("events/event_date=2023-11-14/part-1-4.parquet", "80"));
    }

    @Test
    void compaction_crashedBetweenItsCommitsWithTheWarehouseLost_isShownByRestoreAndRenamedByTheNextCompaction()
            throws Exception {
        DuckDockConfig config = fourBatchesInOnePartition();
        assertThatThrownBy(() -> compact(config, crashingAt("merge committed"))).hasMessageContaining("crash");
        Files.delete(Path.of(config.layout().database()));

        LakeRestoreTest.restore(config);

        assertThat(LakeChecks.globCounts(config)).containsExactly(100, 100);
        assertThat(partitionFiles(config)).containsExactly(".part-1-4.parquet.merged", "part-1-4.parquet");
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(100);

        LakeTest.compact(config);

        assertThat(partitionFiles(config)).containsExactly("part-1-4.parquet");
        assertThat(icebergCurrent(config)).isEqualTo(ALL);
        assertThat(compactionCommits(config)).isEqualTo(Map.of("merge", 1L, "rename", 1L));
        assertThat(Warehouses.rows(
                        config.layout().database(), "SELECT path FROM lake_files WHERE event_date = DATE '2023-11-14'"))
                .containsExactly(List.of("events/event_date=2023-11-14/part-1-4.parquet"));
    }

    @Test
    void currentFilesOfADay_areExactlyThatPartitionsFiles() throws Exception {
        DuckDockConfig config = fourBatchesInOnePartition();
        org.apache.iceberg.Table events = IcebergLake.at(config.layout().lake()).events();

        assertThat(IcebergLake.currentFiles(events, java.time.LocalDate.parse("2023-11-14")))
                .hasSize(4)
                .allMatch(f -> f.location().contains("/event_date=2023-11-14/"));
        assertThat(IcebergLake.currentFiles(events, java.time.LocalDate.parse("2023-11-15")))
                .hasSize(1)
                .allMatch(f -> f.location().contains("/event_date=2023-11-15/"));
        assertThat(IcebergLake.currentFiles(events, java.time.LocalDate.parse("2023-11-16")))
                .isEmpty();
    }

    private static CompactionSteps.Probe crashingAt(String crashAt) {
        return step -> {
            if (step.equals(crashAt)) {
                throw new IOException("crash at " + step);
            }
        };
    }
}
