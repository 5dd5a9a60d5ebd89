package io.duckdock.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.MiniDfs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same files ingested from local staging and from HDFS staging (MiniDFS on loopback), taking
 * turns; prints the medians and the HDFS / local ratio. Long: {@code ./mvnw -Psoak verify}, or
 * {@code -Dtest=HdfsIngestBenchmarkTest -Dexcluded.test.groups=none}.
 */
@Tag("hdfs")
@Tag("soak")
class HdfsIngestBenchmarkTest {
    private static final int REPETITIONS = 3;

    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path work;

    @Test
    void oneMillionEventBatch_fromHdfsComparedWithLocalStaging() throws Exception {
        List<Path> batch = generate(work.resolve("batch"), 1_000_000, 100, 10_000);
        ingest("warm-up", batch, false);
        assertThat(compare("1M events in 100 files", batch)).isPositive();
    }

    @Test
    void smallFiles_fromHdfsComparedWithLocalStaging() throws Exception {
        List<Path> small = generate(work.resolve("small"), 100_000, 1_000, 1_000);
        ingest("warm-up", small, false);
        assertThat(compare("1,000 files of 100 events", small)).isPositive();
    }

    private double compare(String name, List<Path> files) throws Exception {
        double[] local = new double[REPETITIONS];
        double[] hdfs = new double[REPETITIONS];
        for (int r = 0; r < REPETITIONS; r++) {
            local[r] = ingest(name + "-local-" + r, files, false);
            hdfs[r] = ingest(name + "-hdfs-" + r, files, true);
            System.out.printf("%s run %d: local %.3f s, hdfs %.3f s%n", name, r + 1, local[r], hdfs[r]);
        }
        double localMedian = median(local);
        double hdfsMedian = median(hdfs);
        System.out.printf(
                "%s: local %.3f s, hdfs %.3f s (medians of %d); hdfs / local = %.2fx%n",
                name, localMedian, hdfsMedian, REPETITIONS, hdfsMedian / localMedian);
        return hdfsMedian / localMedian;
    }

    /** Seconds of one ingest run of {@code files} from a fresh staging directory; staging itself untimed. */
    private double ingest(String name, List<Path> files, boolean onHdfs) throws IOException {
        String dir = name.replaceAll("[^A-Za-z0-9-]", "-");
        Map<String, String> settings = new HashMap<>(
                Map.of("ingest.settle-time", "0s", "ingest.max-files-per-batch", "5000", "lake.enabled", "false"));
        if (onHdfs) {
            settings.put("staging.dir", HDFS.uri(dir + "/staging"));
            settings.put("archive.dir", HDFS.uri(dir + "/archive"));
            settings.put("rejected.dir", HDFS.uri(dir + "/rejected"));
        }
        DuckDockConfig config = ConfigLoader.load(work.resolve(dir), Map.of(), settings);
        config.layout().createDirectories();
        if (onHdfs) {
            FileSystem fs = HDFS.fileSystem();
            ForkJoinPool writers = new ForkJoinPool(8);
            try {
                writers.submit(() -> files.parallelStream().forEach(file -> {
                            try {
                                fs.copyFromLocalFile(
                                        new org.apache.hadoop.fs.Path(file.toUri()),
                                        new org.apache.hadoop.fs.Path("/" + dir + "/staging/" + file.getFileName()));
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }))
                        .get();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IOException(e);
            } finally {
                writers.shutdown();
            }
        } else {
            stage(files, config.layout().staging());
        }
        try (IngesterLock lock = IngesterLock.acquire(config);
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), b -> {})) {
            long start = System.nanoTime();
            IngestReport report = ingester.runOnce(lock);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(report.filesIngested()).isEqualTo(files.size());
            return seconds;
        } finally {
            deleteTree(work.resolve(dir));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** {@code events} events of {@code conversations} conversations in {@code files} files, by DuckDock's producer. */
    private static List<Path> generate(Path dir, long events, int files, int conversations) throws IOException {
        try (io.duckdock.staging.StagingWriter writer = io.duckdock.staging.StagingWriter.builder(dir.toString())
                .producerId("bench")
                .lanes(1)
                .maxRowsPerFile((int) Math.max(1, events / files))
                .maxBytesPerFile(Long.MAX_VALUE / 4)
                .maxFileAge(java.time.Duration.ofDays(1))
                .build()) {
            for (long i = 0; i < events; i++) {
                writer.write(io.duckdock.staging.Event.builder()
                        .conversationId("conv-" + (i % conversations))
                        .eventType("message.sent")
                        .timestampMicros(1_767_225_600_000_000L + i * 1_000)
                        .eventData("{\"n\":" + i + "}")
                        .build());
            }
        }
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
    }

    /** Hard-links the files into a local staging directory. */
    private static void stage(List<Path> files, Path staging) throws IOException {
        java.nio.file.Files.createDirectories(staging);
        for (Path file : files) {
            java.nio.file.Files.createLink(staging.resolve(file.getFileName()), file);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.walk(dir)) {
            for (Path entry :
                    entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(entry);
            }
        }
    }
}
