package io.duckdock.ingest.bench;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.lake.LakeRestore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the Iceberg lake costs and gives: the time publishing adds to a large and to a small batch
 * (the whole ingest run with the lake on against the same run with it off, interleaved in this one
 * process), set against a plain Parquet COPY of the same batch (publishing without Iceberg), and the
 * speed of {@code restore}, which rebuilds a warehouse from the lake alone.
 */
public final class LakeBenchmark {
    /** Sizes; {@link #standard()} are the figures the README reports. */
    public record Options(
            long largeBatchEvents,
            int largeBatchFiles,
            int smallBatchEvents,
            int smallBatches,
            long restoreEvents,
            int repetitions) {
        public static Options standard() {
            return new Options(1_000_000, 100, 100, 20, 10_000_000, 3);
        }
    }

    /**
     * Medians in seconds.
     *
     * @param lakeOff   the ingest run with lake.enabled = false
     * @param lakeOn    the same run publishing to the Iceberg lake
     * @param plainCopy a DuckDB COPY of the batch's events to Parquet, what publishing costs without Iceberg
     */
    public record Publication(long events, double lakeOff, double lakeOn, double plainCopy) {
        public double publishing() {
            return lakeOn - lakeOff;
        }

        /** Publishing to Iceberg / a plain Parquet copy of the same rows. */
        public double ratioToPlainCopy() {
            return publishing() / plainCopy;
        }
    }

    public record Result(Publication large, Publication small, long restoredEvents, double restoreSeconds) {
        public double restoreEventsPerSecond() {
            return restoredEvents / restoreSeconds;
        }
    }

    private LakeBenchmark() {}

    public static Result run(Path workDir, Options options, PrintStream out) throws SQLException, IOException {
        out.printf(
                "lake benchmark: a batch of %,d events in %d files and batches of %d events, lake on vs off; "
                        + "restore of %,d events%n",
                options.largeBatchEvents(),
                options.largeBatchFiles(),
                options.smallBatchEvents(),
                options.restoreEvents());
        List<Path> large = BenchFiles.generate(
                workDir.resolve("source-large"), options.largeBatchEvents(), options.largeBatchFiles(), 500);
        ingest(workDir.resolve("warm-up"), large, true);
        Publication largeBatch = largeBatches(workDir, large, options, out);
        Publication smallBatch = smallBatches(workDir, options, out);
        BenchFiles.deleteTree(workDir.resolve("source-large"));
        double[] restore = restore(workDir, options, out);
        Result result = new Result(largeBatch, smallBatch, (long) restore[0], restore[1]);
        print(result, out);
        return result;
    }

    private static void print(Result r, PrintStream out) {
        out.printf("%nresult (medians; publishing = ingest run with the lake on - the same run with it off)%n");
        for (Publication p : List.of(r.large(), r.small())) {
            out.printf(
                    "  batch of %,d events: lake off %.3f s, lake on %.3f s (%.2fx); publishing %.3f s = %.2fx a "
                            + "plain Parquet COPY of the batch (%.3f s)%n",
                    p.events(),
                    p.lakeOff(),
                    p.lakeOn(),
                    p.lakeOn() / p.lakeOff(),
                    p.publishing(),
                    p.ratioToPlainCopy(),
                    p.plainCopy());
        }
        out.printf(
                "  restore: %,d events in %.2f s = %,.0f events/s%n",
                r.restoredEvents(), r.restoreSeconds(), r.restoreEventsPerSecond());
    }

    private static Publication largeBatches(Path workDir, List<Path> files, Options options, PrintStream out)
            throws SQLException {
        int n = options.repetitions();
        double[] off = new double[n];
        double[] on = new double[n];
        double[] copy = new double[n];
        for (int r = 0; r < n; r++) {
            Path offHome = workDir.resolve("large-off-" + r);
            off[r] = ingest(offHome, files, false);
            copy[r] = plainCopy(offHome, workDir.resolve("copy-" + r));
            BenchFiles.deleteTree(offHome);
            on[r] = ingest(workDir.resolve("large-on-" + r), files, true);
            BenchFiles.deleteTree(workDir.resolve("large-on-" + r));
            out.printf(
                    "  large batch run %d: lake off %.3f s, lake on %.3f s, plain COPY %.3f s%n",
                    r + 1, off[r], on[r], copy[r]);
        }
        return new Publication(BenchFiles.rows(files), median(off), median(on), median(copy));
    }

    private static Publication smallBatches(Path workDir, Options options, PrintStream out) throws SQLException {
        int n = options.smallBatches();
        double[] off = new double[n];
        double[] on = new double[n];
        double[] copy = new double[n];
        Path offHome = workDir.resolve("small-off");
        Path onHome = workDir.resolve("small-on");
        for (int b = 0; b < n; b++) {
            List<Path> file =
                    BenchFiles.generate(workDir.resolve("source-small-" + b), options.smallBatchEvents(), 1, 5);
            off[b] = ingest(offHome, file, false);
            copy[b] = plainCopy(offHome, workDir.resolve("copy-small-" + b));
            on[b] = ingest(onHome, file, true);
        }
        out.printf("  %d small batches: lake off %s s%n  lake on %s s%n", n, Arrays.toString(off), Arrays.toString(on));
        return new Publication(options.smallBatchEvents(), median(off), median(on), median(copy));
    }

    /** Fills a lake with {@code restoreEvents} events in batches of about 1M, then times restore. */
    private static double[] restore(Path workDir, Options options, PrintStream out) throws IOException {
        Path home = workDir.resolve("restore");
        long events = options.restoreEvents();
        int files = (int) Math.max(1, Math.min(1000, events / 100_000));
        List<Path> source = BenchFiles.generate(workDir.resolve("source-restore"), events, files, 500);
        DuckDockConfig config = config(home, true, "10");
        config.layout().createDirectories();
        BenchFiles.stage(source, config.layout().staging());
        runOnce(config);
        BenchFiles.deleteTree(workDir.resolve("source-restore"));
        Files.delete(Path.of(config.layout().database()));
        long[] restored = new long[1];
        long start = System.nanoTime();
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile())) {
            restored[0] = LakeRestore.restore(
                            lock,
                            config.layout().lake(),
                            config.layout().database(),
                            config.warehouse(),
                            new LakeRestore.Progress() {
                                @Override
                                public void step(String name) {}

                                @Override
                                public void events(long done, long total) {}
                            })
                    .events();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("  restore of %,d events from %d files: %.2f s%n", restored[0], files, seconds);
        BenchFiles.deleteTree(home);
        return new double[] {restored[0], seconds};
    }

    /** One ingest run of {@code files} into {@code home} (fresh or not); returns its seconds. */
    private static double ingest(Path home, List<Path> files, boolean lake) {
        DuckDockConfig config = config(home, lake, Integer.toString(Math.max(5000, files.size())));
        try {
            config.layout().createDirectories();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BenchFiles.stage(files, config.layout().staging());
        long start = System.nanoTime();
        IngestReport report = runOnce(config);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report.filesIngested() != files.size()) {
            throw new IllegalStateException("benchmark ingest took " + report.filesIngested() + " of " + files.size()
                    + " files; rejected: " + report.rejectedFiles());
        }
        return seconds;
    }

    private static IngestReport runOnce(DuckDockConfig config) {
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), b -> {})) {
            return ingester.runOnce(lock);
        }
    }

    private static DuckDockConfig config(Path home, boolean lake, String maxFiles) {
        return ConfigLoader.load(
                home,
                Map.of(),
                Map.of(
                        "ingest.settle-time",
                        "0s",
                        "ingest.max-files-per-batch",
                        maxFiles,
                        "lake.enabled",
                        Boolean.toString(lake)));
    }

    /** What publishing cost before the lake was a table: a Parquet COPY of the last batch, per event date. */
    private static double plainCopy(Path home, Path dir) throws SQLException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String database = home.resolve("warehouse.duckdb").toString();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
                Statement statement = connection.createStatement()) {
            List<String> dates = new ArrayList<>();
            long batch;
            try (ResultSet rows = statement.executeQuery("SELECT max(batch_id) FROM events")) {
                rows.next();
                batch = rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT DISTINCT CAST(\"timestamp\" AS DATE)::VARCHAR "
                    + "FROM events WHERE batch_id = " + batch)) {
                while (rows.next()) {
                    dates.add(rows.getString(1));
                }
            }
            long start = System.nanoTime();
            for (String date : dates) {
                statement.execute("COPY (SELECT * FROM events WHERE batch_id = " + batch + " AND CAST(\"timestamp\" "
                        + "AS DATE) = DATE '" + date + "') TO '"
                        + dir.resolve("batch-" + batch + "-" + date + ".parquet") + "' (FORMAT parquet)");
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
