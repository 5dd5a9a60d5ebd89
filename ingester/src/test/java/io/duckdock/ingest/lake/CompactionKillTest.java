package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.testing.CompactOnceMain;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.LakeChecks;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction process killed with SIGKILL at random points, and read right after each kill, before
 * anything repairs the lake: Iceberg's reader reads the current snapshot whole, the glob shows no event
 * twice; the next compaction leaves every event once and no hidden file.
 */
@Tag("jvm")
class CompactionKillTest {
    /** 2023-11-14T22:13:20Z; +1 day lands on the next partition. */
    private static final long T0 = 1_700_000_000_000_000L;

    private static final long DAY = 86_400_000_000L;
    private static final String[] SETTINGS = {"ingest.max-files-per-batch", "1"};

    @TempDir
    Path home;

    @Test
    void compactionKilledAtRandomPoints_leavesTheCurrentSnapshotWholeAndTheGlobWithoutARepeat() throws Exception {
        DuckDockConfig config = TestHomes.config(home, SETTINGS);
        config.layout().createDirectories();
        Random random = new Random(11);
        int kills = 10;
        int cutMidway = 0;
        for (int round = 0; round < kills; round++) {
            for (int i = 0; i < 6; i++) {
                Parquet.events(
                        config.layout().staging().resolve("r" + round + "-f" + i + ".parquet"),
                        "c",
                        3,
                        10,
                        T0 + (i % 2) * DAY + round * 1_000_000_000L + i * 1_000_000L);
            }
            TestHomes.ingestOnce(config);
            Path log = home.resolve("compact-" + round + ".log");
            String[] args = Stream.concat(Stream.of(home.toString()), Stream.of(SETTINGS))
                    .toArray(String[]::new);
            Process compaction = JavaProcess.start(CompactOnceMain.class, log, args);
            JavaProcess.awaitLine(compaction, log, "locked", 60);
            Thread.sleep(random.nextInt(3000));
            if (compaction.isAlive()) {
                cutMidway++;
            }
            compaction.destroyForcibly();
            compaction.waitFor();
            System.out.println("kill " + round + " after "
                    + Files.readAllLines(log).stream()
                            .filter(line -> line.contains("LakeCompactor") || line.startsWith("files "))
                            .toList());

            long events = 60L * (round + 1);
            assertThat(IcebergReads.eventsPerBatch(
                            IcebergLake.at(config.layout().lake()).events(), null))
                    .as("the current snapshot after kill %d", round)
                    .isEqualTo(warehousePerBatch(config));
            long[] glob = LakeChecks.globCounts(config);
            assertThat(glob[0])
                    .as("glob after kill %d", round)
                    .isEqualTo(glob[1])
                    .isLessThanOrEqualTo(events);
        }

        LakeTest.compact(config);

        long events = 60L * kills;
        assertThat(LakeChecks.globCounts(config)).containsExactly(events, events);
        assertThat(IcebergReads.eventsPerBatch(
                        IcebergLake.at(config.layout().lake()).events(), null))
                .isEqualTo(warehousePerBatch(config));
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM lake_compactions"))
                .isZero();
        for (String partition : List.of("event_date=2023-11-14", "event_date=2023-11-15")) {
            try (Stream<Path> files =
                    Files.list(config.layout().lake().resolve("events").resolve(partition))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as(partition)
                        .allMatch(name -> !name.startsWith(".") && name.endsWith(".parquet"));
            }
        }
        System.out.println("compactions killed midway: " + cutMidway + " of " + kills);
        assertThat(cutMidway).as("kills that cut a compaction").isPositive();
    }

    private static Map<Long, Long> warehousePerBatch(DuckDockConfig config) {
        Map<Long, Long> perBatch = new TreeMap<>();
        for (List<String> row : Warehouses.rows(
                config.layout().database(), "SELECT batch_id, count(*) FROM events GROUP BY batch_id")) {
            perBatch.put(Long.parseLong(row.get(0)), Long.parseLong(row.get(1)));
        }
        return perBatch;
    }
}
