package io.duckdock.staging.bench;

import io.duckdock.staging.Event;
import io.duckdock.staging.StagingWriter;
import io.duckdock.staging.parquet.ParquetFileOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Compares {@link StagingWriter} with a plain {@code AvroParquetWriter}: same schema, codec
 * (snappy), row group size and rows per file, and both convert the same pre-built {@link Event}s
 * to records while writing. Each variant runs after a warm-up; the variants take turns for
 * {@link #REPETITIONS} rounds and the median of each is reported.
 */
public final class WriterBenchmark {
    static final int REPETITIONS = 5;
    static final long ROWS_PER_FILE = 250_000;
    static final long ROW_GROUP_BYTES = 128L << 20;
    static final int MAX_DISTINCT_EVENTS = 100_000;
    private static final ParquetFileOptions OPTIONS = new ParquetFileOptions("snappy", ROW_GROUP_BYTES);

    private WriterBenchmark() {}

    public static WriterBenchmarkResult run(Path workDir, long eventsPerThread, PrintStream out) {
        if (eventsPerThread <= 0) {
            throw new IllegalArgumentException("eventsPerThread must be positive, was " + eventsPerThread);
        }
        int distinct = (int) Math.min(eventsPerThread, MAX_DISTINCT_EVENTS);
        List<List<Event>> pools = List.of(BenchmarkEvents.generate(distinct, 1), BenchmarkEvents.generate(distinct, 2));
        out.printf(
                "Benchmark: %,d events per thread, snappy, %,d rows per file, work dir %s%n",
                eventsPerThread, ROWS_PER_FILE, workDir);

        long warmup = Math.min(eventsPerThread, 100_000);
        raw(workDir, pools.subList(0, 1), warmup, false);
        staging(workDir, pools.subList(0, 1), warmup, false);
        raw(workDir, pools.subList(0, 1), warmup, true);
        staging(workDir, pools.subList(0, 1), warmup, true);

        double[][] rates = new double[6][REPETITIONS];
        for (int i = 0; i < REPETITIONS; i++) {
            rates[0][i] = raw(workDir, pools.subList(0, 1), eventsPerThread, false);
            rates[1][i] = staging(workDir, pools.subList(0, 1), eventsPerThread, false);
            rates[2][i] = raw(workDir, pools, eventsPerThread, false);
            rates[3][i] = staging(workDir, pools, eventsPerThread, false);
            rates[4][i] = raw(workDir, pools.subList(0, 1), eventsPerThread, true);
            rates[5][i] = staging(workDir, pools.subList(0, 1), eventsPerThread, true);
        }
        double raw1 = median(rates[0]);
        double staging1 = median(rates[1]);
        double raw2 = median(rates[2]);
        double staging2 = median(rates[3]);
        WriterBenchmarkResult result = new WriterBenchmarkResult(
                eventsPerThread, raw1, raw2, staging1, staging2, median(rates[4]), median(rates[5]));
        out.printf("raw AvroParquetWriter, 1 thread:  %,12.0f events/s%n", raw1);
        out.printf(
                "StagingWriter,         1 thread:  %,12.0f events/s  (%.2f x raw)%n",
                staging1, result.ratioOneThread());
        out.printf("raw AvroParquetWriter, 2 threads: %,12.0f events/s  (%,.0f per thread)%n", raw2, raw2 / 2);
        out.printf(
                "StagingWriter,         2 threads: %,12.0f events/s  (%,.0f per thread, %.2f x raw)%n",
                staging2, staging2 / 2, result.ratioTwoThreads());
        out.printf("raw AvroParquetWriter, 1 thread, a fresh event per write: %,12.0f events/s%n", result.rawFresh());
        out.printf(
                "StagingWriter,         1 thread, a fresh event per write: %,12.0f events/s  (%.2f x raw)%n",
                result.stagingFresh(), result.ratioFresh());
        return result;
    }

    /**
     * One AvroParquetWriter per thread; returns events/s over all threads.
     *
     * @param fresh build a new event (with a new id) from the pool's fields for every write, as a
     *              producer does, instead of writing the pool's events again
     */
    private static double raw(Path workDir, List<List<Event>> pools, long eventsPerThread, boolean fresh) {
        Path dir = freshDir(workDir.resolve("raw"));
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int t = 0; t < pools.size(); t++) {
            List<Event> pool = pools.get(t);
            String prefix = "raw-" + t;
            tasks.add(() -> RawParquetBaseline.write(
                    fresh ? i -> freshCopy(pool.get(i % pool.size())) : i -> pool.get(i % pool.size()),
                    eventsPerThread,
                    dir,
                    prefix,
                    OPTIONS,
                    ROWS_PER_FILE));
        }
        return eventsPerThread * pools.size() / timeSeconds(tasks, () -> {});
    }

    /** One StagingWriter shared by all threads; the time includes close(), i.e. publishing. */
    private static double staging(Path workDir, List<List<Event>> pools, long eventsPerThread, boolean fresh) {
        Path dir = freshDir(workDir.resolve("staging"));
        StagingWriter writer = StagingWriter.builder(dir.toString())
                .producerId("bench")
                .lanes(pools.size())
                .maxRowsPerFile((int) ROWS_PER_FILE)
                .maxBytesPerFile(ROW_GROUP_BYTES)
                .maxFileAge(Duration.ofHours(1))
                .compression("snappy")
                .build();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (List<Event> pool : pools) {
            tasks.add(() -> {
                int size = pool.size();
                for (long i = 0; i < eventsPerThread; i++) {
                    Event event = pool.get((int) (i % size));
                    writer.write(fresh ? freshCopy(event) : event);
                }
                return null;
            });
        }
        return eventsPerThread * pools.size() / timeSeconds(tasks, writer::close);
    }

    /** A new event with the fields of {@code event} and a new id, validated as every built event is. */
    static Event freshCopy(Event event) {
        return Event.builder()
                .conversationId(event.conversationId())
                .experimentId(event.experimentId().orElse(null))
                .eventType(event.eventType())
                .timestampMicros(event.timestampMicros())
                .eventData(event.eventData().orElse(null))
                .build();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double timeSeconds(List<Callable<Object>> tasks, Runnable finish) {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            long start = System.nanoTime();
            List<Future<Object>> futures = threads.invokeAll(tasks);
            for (Future<Object> future : futures) {
                future.get();
            }
            finish.run();
            return (System.nanoTime() - start) / 1e9;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Benchmark interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Benchmark failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private static Path freshDir(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to prepare benchmark directory " + dir, e);
        }
    }
}
