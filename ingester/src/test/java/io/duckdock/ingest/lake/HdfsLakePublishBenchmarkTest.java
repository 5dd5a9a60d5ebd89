package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.Warehouse;
import io.duckdock.ingest.testing.LakeChecks;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a lake on HDFS costs: publishing the same committed 1M-event batch to a local lake and to a lake
 * on a MiniDFSCluster, interleaved in one run, each from its own copy of the same warehouse. Soak: it
 * ingests a million events first.
 */
@Tag("hdfs")
@Tag("soak")
class HdfsLakePublishBenchmarkTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final int FILES = 10;
    private static final int EVENTS_PER_FILE = 100_000;
    private static final int REPETITIONS = 5;

    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path dir;

    @Test
    void publishingA1MEventBatch_toHdfsAgainstALocalLake() throws Exception {
        Path source = dir.resolve("source");
        DuckDockConfig unpublished =
                TestHomes.config(source, "lake.enabled", "false", "ingest.max-files-per-batch", String.valueOf(FILES));
        unpublished.layout().createDirectories();
        for (int f = 0; f < FILES; f++) {
            Parquet.events(
                    unpublished.layout().staging().resolve("f" + f + ".parquet"),
                    "c" + f,
                    1000,
                    EVENTS_PER_FILE,
                    T0 + f * 1_000_000_000L);
        }
        assertThat(TestHomes.ingestOnce(unpublished).batches()).hasSize(1);
        Path warehouse = Path.of(unpublished.layout().database());

        // untimed: class loading and the first HDFS client and Iceberg table of the JVM
        publish(warehouse, dir.resolve("warm-local"));
        publish(warehouse, dir.resolve("warm-hdfs"), hdfsSettings("bench/warm"));
        List<Double> local = new ArrayList<>();
        List<Double> hdfs = new ArrayList<>();
        for (int r = 0; r < REPETITIONS; r++) {
            local.add(publish(warehouse, dir.resolve("local-" + r)));
            hdfs.add(publish(warehouse, dir.resolve("hdfs-" + r), hdfsSettings("bench/lake-" + r)));
        }

        double localMedian = median(local);
        double hdfsMedian = median(hdfs);
        long bytes;
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("local-0/lake/events"))) {
            bytes = files.filter(p -> p.toString().endsWith(".parquet"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        System.out.printf(
                "publishing %,d events (%,d bytes of event files): local lake %s s, HDFS lake %s s (medians %.2f s"
                        + " and %.2f s), ratio %.2f%n",
                (long) FILES * EVENTS_PER_FILE, bytes, local, hdfs, localMedian, hdfsMedian, hdfsMedian / localMedian);
        assertThat(hdfsMedian).isPositive();
    }

    /**
     * lake.dir on the MiniDFSCluster, plus any {@code -Dduckdock.bench.hadoop=name=value,...} as
     * hadoop.property.* settings (to try HDFS client settings).
     */
    private static String[] hdfsSettings(String lake) {
        List<String> settings = new ArrayList<>(List.of("lake.dir", HDFS.uri(lake)));
        String extra = System.getProperty("duckdock.bench.hadoop", "");
        for (String pair : extra.isEmpty() ? new String[0] : extra.split(",")) {
            String[] parts = pair.split("=", 2);
            settings.addAll(List.of("hadoop.property." + parts[0], parts[1]));
        }
        return settings.toArray(String[]::new);
    }

    /** Seconds to publish the warehouse's one batch from a copy of it in {@code home}. */
    private static double publish(Path warehouse, Path home, String... settings) throws Exception {
        DuckDockConfig config = TestHomes.config(home, settings);
        config.layout().createDirectories();
        Files.copy(warehouse, Path.of(config.layout().database()));
        Lake lake = Lake.of(config, Clock.systemUTC());
        long start;
        long end;
        try (Connection connection =
                Warehouse.openForWriting(config.layout().database(), config.warehouse(), Duration.ofSeconds(5))) {
            start = System.nanoTime();
            assertThat(lake.publishPending(connection)).isEqualTo(1);
            end = System.nanoTime();
        }
        assertThat(LakeChecks.iceberg(config)
                        .events()
                        .currentSnapshot()
                        .summary()
                        .get("added-records"))
                .isEqualTo(String.valueOf((long) FILES * EVENTS_PER_FILE));
        return Math.round((end - start) / 1e7) / 100.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
