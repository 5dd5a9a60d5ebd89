package io.duckdock.ingest.bench;

import io.duckdock.config.HadoopConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Ingest from staging on HDFS against local staging: the same files, the same settings and the
 * same whole {@code runOnce} runs, the two sides taking turns in one process, for a large batch and
 * for many small files. The HDFS is the operator's (a directory URI under which the benchmark
 * creates a folder of its own and deletes it afterwards) or an in-process MiniDFSCluster in the
 * bench module's tests.
 */
public final class HdfsBenchmark {
    /** Target of the issue: a large batch from HDFS staging takes at most this times the local run. */
    public static final double BATCH_TARGET = 1.5;

    /** Sizes; {@link #standard()} are the figures the README reports. */
    public record Options(
            long events, int files, int activeConversations, int smallFiles, int eventsPerSmallFile, int repetitions) {
        public static Options standard() {
            return new Options(1_000_000, 100, 500, 10_000, 100, 3);
        }
    }

    /**
     * Medians of one interleaved comparison, in seconds.
     *
     * @param storedLocal the fewest events a local run left in its warehouse
     * @param storedHdfs  the fewest events an HDFS run left in its warehouse
     */
    public record Comparison(
            String name, long events, int files, double local, double hdfs, long storedLocal, long storedHdfs) {
        public double ratio() {
            return hdfs / local;
        }
    }

    public record Result(Comparison batch, Comparison smallFiles, HdfsCosts.PerFile costs) {}

    private HdfsBenchmark() {}

    /**
     * @param hdfsDir a directory URI on HDFS ({@code hdfs://namenode:8020/tmp/duckdock-bench}) the
     *     benchmark may create a folder in
     * @param hadoop  the Hadoop client settings (site files, single properties) every run uses
     */
    public static Result run(Path workDir, Options options, String hdfsDir, HadoopConfig hadoop, PrintStream out) {
        out.printf(
                "HDFS benchmark: %,d events in %d files and %,d files of %d events, ingested from HDFS staging (%s)"
                        + " and from local staging, taking turns; %d runs each%n",
                options.events(),
                options.files(),
                options.smallFiles(),
                options.eventsPerSmallFile(),
                hdfsDir,
                options.repetitions());
        double loadBefore = loadAverage();
        TimedIngest.Source batch = source(
                BenchFiles.generate(
                        workDir.resolve("source-batch"),
                        options.events(),
                        options.files(),
                        options.activeConversations()),
                "source-batch");
        TimedIngest.Source small = source(
                BenchFiles.generate(
                        workDir.resolve("source-small"),
                        (long) options.smallFiles() * options.eventsPerSmallFile(),
                        options.smallFiles(),
                        50),
                "source-small");
        TimedIngest ingest = new TimedIngest(workDir, hadoop);
        try (HdfsStaging remote = HdfsStaging.create(hdfsDir, hadoop)) {
            long start = System.nanoTime();
            remote.upload(batch.files(), batch.remote());
            remote.upload(small.files(), small.remote());
            out.printf(
                    "  uploaded %d files to %s in %.1f s (not timed below)%n",
                    batch.files().size() + small.files().size(), remote.location(), (System.nanoTime() - start) / 1e9);
            // an untimed round of each side first: JIT, DuckDB's native library, the HDFS client's connections
            ingest.local("warm-up", batch);
            ingest.remote("warm-up", remote, batch);
            Comparison batchRuns = interleaved("batch", batch, ingest, remote, options, out);
            Comparison smallRuns = interleaved("small files", small, ingest, remote, options, out);
            HdfsCosts.PerFile costs =
                    HdfsCosts.measure(remote, small.remote(), "costs", hadoop, workDir.resolve("costs-spool"));
            Result result = new Result(batchRuns, smallRuns, costs);
            print(result, options, out);
            out.printf("  load average (1 min): %.2f at the start, %.2f at the end%n", loadBefore, loadAverage());
            return result;
        }
    }

    private static TimedIngest.Source source(List<Path> files, String remote) {
        return new TimedIngest.Source(files, BenchFiles.rows(files), remote);
    }

    private static Comparison interleaved(
            String name,
            TimedIngest.Source source,
            TimedIngest ingest,
            HdfsStaging remote,
            Options options,
            PrintStream out) {
        int n = options.repetitions();
        double[] local = new double[n];
        double[] hdfs = new double[n];
        long storedLocal = Long.MAX_VALUE;
        long storedHdfs = Long.MAX_VALUE;
        String runName = name.replace(' ', '-');
        for (int r = 0; r < n; r++) {
            TimedIngest.Run l = ingest.local(runName + "-" + r, source);
            TimedIngest.Run h = ingest.remote(runName + "-" + r, remote, source);
            local[r] = l.seconds();
            hdfs[r] = h.seconds();
            storedLocal = Math.min(storedLocal, l.stored());
            storedHdfs = Math.min(storedHdfs, h.stored());
            out.printf(
                    "  %s run %d: local %.3f s, hdfs %.3f s (%.2fx)%n",
                    name, r + 1, local[r], hdfs[r], hdfs[r] / local[r]);
        }
        return new Comparison(
                name, source.events(), source.files().size(), median(local), median(hdfs), storedLocal, storedHdfs);
    }

    private static void print(Result r, Options options, PrintStream out) {
        out.printf(
                "%nresult (medians of %d interleaved runs; whole ingest runs, lake publishing off)%n",
                options.repetitions());
        for (Comparison c : List.of(r.batch(), r.smallFiles())) {
            out.printf(
                    "  %s, %,d events in %,d files (stored: %,d local, %,d hdfs):%n",
                    c.name(), c.events(), c.files(), c.storedLocal(), c.storedHdfs());
            out.printf(
                    "    local %.3f s = %,.0f files/s, %,.0f events/s%n",
                    c.local(), c.files() / c.local(), c.events() / c.local());
            out.printf(
                    "    hdfs  %.3f s = %,.0f files/s, %,.0f events/s%n",
                    c.hdfs(), c.files() / c.hdfs(), c.events() / c.hdfs());
            out.printf("    hdfs / local = %.2fx%n", c.ratio());
        }
        out.printf(
                "  target: hdfs / local <= %.1fx for the batch: %s%n",
                BATCH_TARGET, r.batch().ratio() <= BATCH_TARGET ? "met" : "NOT met");
        HdfsCosts.PerFile c = r.costs();
        Comparison s = r.smallFiles();
        out.printf(
                "  remote calls per small file (%,d files, timed one kind at a time): list %.3f ms; open %.2f ms and"
                        + " read %.2f ms per call (latency: up to 1,000 files one at a time, into one reused local"
                        + " file); open and copy into the spool as triage reads, 8 readers over every file: %.2f ms"
                        + " per file; move to the archive (one rename) %.2f ms per file one after another as the"
                        + " ingester moves, %.2f ms per file with 8 threads%n",
                c.files(), c.list(), c.open(), c.read(), c.readAll(), c.move(), c.moveParallel());
        out.printf(
                "    sum %.2f ms per file against the measured hdfs - local of %.2f ms per file%n",
                c.list() + c.readAll() + c.move(), (s.hdfs() - s.local()) * 1000 / s.files());
    }

    /** The system's load average over the last minute, as {@code uptime} shows it; negative where unknown. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
