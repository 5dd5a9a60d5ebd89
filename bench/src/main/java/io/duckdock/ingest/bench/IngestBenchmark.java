package io.duckdock.ingest.bench;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.Warehouse;
import io.duckdock.ingest.sql.Micros;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ingest benchmark: DuckDock's ingest against a plain copy and against the seeds' per-event
 * insert on the same staged files, the same batch on an empty and on a large table, and many small
 * files. Both sides of each comparison run in this one process, interleaved, so the printed ratios
 * hold on a noisy shared machine even where absolute figures move.
 */
public final class IngestBenchmark {
    /** Sizes; {@link #standard()} are the figures the README reports. */
    public record Options(long events, int files, int conversations, long storedEvents, int smallFiles,
                          int eventsPerSmallFile, int seedEvents, int repetitions) {
        public static Options standard() {
            return new Options(1_000_000, 100, 10_000, 50_000_000, 10_000, 100, 3_000, 5);
        }
    }

    /**
     * @param smallFilesPlainCopySeconds a plain copy of the same small files: what DuckDB itself
     *                                   takes to read that many files
     */
    public record Result(double duckdockSeconds, double plainCopySeconds, double seedsEventsPerSecond,
                         double largeTableSeconds, double smallFilesSeconds,
                         double smallFilesPlainCopySeconds, long events, int smallFiles) {
        public double eventsPerSecond() {
            return events / duckdockSeconds;
        }

        public double copyRatio() {
            return duckdockSeconds / plainCopySeconds;
        }

        public double seedsSpeedup() {
            return eventsPerSecond() / seedsEventsPerSecond;
        }

        public double largeTableRatio() {
            // the 1M batch on an empty table is the main measurement itself
            return largeTableSeconds / duckdockSeconds;
        }

        public double smallFilesPerSecond() {
            return smallFiles / smallFilesSeconds;
        }

        public double smallFilesPlainCopyPerSecond() {
            return smallFiles / smallFilesPlainCopySeconds;
        }

        public double smallFilesCopyRatio() {
            return smallFilesSeconds / smallFilesPlainCopySeconds;
        }
    }

    private IngestBenchmark() {
    }

    public static Result run(Path workDir, Options options, PrintStream out) throws SQLException {
        out.printf("ingest benchmark: %,d events in %d files (%,d conversations); %,d stored events; "
                        + "%,d files of %d events%n", options.events(), options.files(), options.conversations(),
                options.storedEvents(), options.smallFiles(), options.eventsPerSmallFile());
        List<Path> batch = BenchFiles.generate(workDir.resolve("source-batch"), options.events(), options.files(),
                options.conversations());
        // an untimed round first: JIT compilation and loading DuckDB's native library would land on run 1
        timeIngest(workDir.resolve("home-warm-up"), batch, null, options);
        Baselines.plainCopy(workDir.resolve("plain-warm-up.duckdb"), batch);
        Medians oneBatch = interleaved(workDir, "batch", batch, options, out);
        double seeds = Baselines.seedsPerEventInsert(workDir.resolve("seeds.duckdb"), batch.get(0),
                options.seedEvents());
        out.printf("  seeds' per-event insert: %,.0f events/s over %,d events%n", seeds, options.seedEvents());
        double large = timeIngest(workDir.resolve("home-large"), batch, options.storedEvents(), options);
        out.printf("  same batch on a table of %,d events: %.3f s%n", options.storedEvents(), large);
        List<Path> small = BenchFiles.generate(workDir.resolve("source-small"),
                (long) options.smallFiles() * options.eventsPerSmallFile(), options.smallFiles(), 1000);
        Medians smallFiles = interleaved(workDir, "small files", small, options, out);
        Result result = new Result(oneBatch.duckdock(), oneBatch.plainCopy(), seeds, large,
                smallFiles.duckdock(), smallFiles.plainCopy(), options.events(), small.size());
        print(result, options, out);
        return result;
    }

    private static void print(Result r, Options options, PrintStream out) {
        out.printf("%nresult (medians of %d runs)%n", options.repetitions());
        out.printf("  DuckDock ingest of %,d events:      %.3f s  = %,.0f events/s (target >= 500,000)%n",
                r.events(), r.duckdockSeconds(), r.eventsPerSecond());
        out.printf("  plain INSERT ... read_parquet:        %.3f s; DuckDock / plain = %.2fx (target <= 1.5x)%n",
                r.plainCopySeconds(), r.copyRatio());
        out.printf("  seeds' per-event insert:              %,.0f events/s; DuckDock is %,.0fx faster per event "
                + "(target >= 500x)%n", r.seedsEventsPerSecond(), r.seedsSpeedup());
        out.printf("  batch on %,d stored events:     %.3f s; / empty table = %.2fx (target <= 1.3x)%n",
                options.storedEvents(), r.largeTableSeconds(), r.largeTableRatio());
        out.printf("  %,d files of %d events:           %.3f s = %,.0f files/s (target >= 2,000)%n",
                r.smallFiles(), options.eventsPerSmallFile(), r.smallFilesSeconds(), r.smallFilesPerSecond());
        out.printf("    plain INSERT ... read_parquet of the same files: %.3f s = %,.0f files/s; DuckDock / plain "
                + "= %.2fx%n", r.smallFilesPlainCopySeconds(), r.smallFilesPlainCopyPerSecond(), r.smallFilesCopyRatio());
    }

    private record Medians(double duckdock, double plainCopy) {
    }

    /** DuckDock's ingest and a plain copy of the same files, taking turns; the medians of each. */
    private static Medians interleaved(Path workDir, String name, List<Path> files, Options options,
                                       PrintStream out) throws SQLException {
        double[] duckdock = new double[options.repetitions()];
        double[] plain = new double[options.repetitions()];
        String dirName = name.replace(' ', '-');
        for (int r = 0; r < options.repetitions(); r++) {
            duckdock[r] = timeIngest(workDir.resolve("home-" + dirName + "-" + r), files, null, options);
            plain[r] = Baselines.plainCopy(workDir.resolve("plain-" + dirName + "-" + r + ".duckdb"), files);
            out.printf("  %s run %d: duckdock %.3f s, plain copy %.3f s%n", name, r + 1, duckdock[r], plain[r]);
        }
        return new Medians(median(duckdock), median(plain));
    }

    /** Seconds of one ingest run of {@code files} into a fresh home, optionally pre-filled with history. */
    private static double timeIngest(Path home, List<Path> files, Long history, Options options)
            throws SQLException {
        DuckDockConfig config = ConfigLoader.load(home, Map.of(), Map.of("ingest.settle-time", "0s",
                "ingest.max-files-per-batch", Integer.toString(Math.max(5000, options.files())),
                "lake.enabled", "false"));
        try {
            config.layout().createDirectories();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (history != null) {
            try (Connection connection = Warehouse.openForWriting(config.layout().database(), config.warehouse(),
                    config.ingest().lockTimeout())) {
                StoredHistory.fill(connection, history, Micros.now());
            }
        }
        BenchFiles.stage(files, config.layout().staging());
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
             Ingester ingester = Ingester.create(config, Clock.systemUTC(), b -> { })) {
            long start = System.nanoTime();
            IngestReport report = ingester.runOnce(lock);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (report.filesIngested() != files.size()) {
                throw new IllegalStateException("benchmark ingest took " + report.filesIngested() + " of "
                        + files.size() + " files; rejected: " + report.rejectedFiles());
            }
            return seconds;
        } finally {
            BenchFiles.deleteTree(home);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
