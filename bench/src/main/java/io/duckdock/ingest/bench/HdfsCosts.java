package io.duckdock.ingest.bench;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Where an ingest run's time goes per small file on remote staging: the remote calls the ingester
 * makes for each file, timed one kind at a time through the same storage seam ({@link Directory}):
 * the listing, opening (a NameNode call), reading it into a local spool copy (a DataNode), and the
 * move to the archive (one rename, a NameNode call).
 */
final class HdfsCosts {
    /** As many threads as the ingester's triage reads remote files with. */
    private static final int THREADS = 8;
    /** Files timed one at a time for the latencies of open and read. */
    private static final int SAMPLE = 1_000;

    /**
     * Milliseconds per file.
     *
     * @param open     opening one file (one at a time)
     * @param read     reading one opened file into a local copy (one at a time)
     * @param readAll  opening and copying every file with {@value #THREADS} threads, the wall time over the files
     * @param move     one move into the archive's day folder, one after another as the ingester moves them
     * @param moveParallel the same with {@value #THREADS} threads moving at once, the wall time over the files
     */
    record PerFile(
            int files, double list, double open, double read, double readAll, double move, double moveParallel) {}

    private HdfsCosts() {}

    static PerFile measure(HdfsStaging remote, String source, String run, HadoopConfig hadoop, Path spool) {
        remote.stage(source, run);
        Directory staging = Directory.of(Location.parse(remote.uri(run + "/staging"), spool), hadoop);
        Directory day = Directory.of(Location.parse(remote.uri(run + "/archive/day"), spool), hadoop);
        try {
            Files.createDirectories(spool);
            long t0 = System.nanoTime();
            List<String> names =
                    staging.files().stream().map(Directory.Entry::name).toList();
            long t1 = System.nanoTime();
            int n = names.size();
            long opening = 0;
            long reading = 0;
            List<String> sample = names.subList(0, Math.min(SAMPLE, n));
            for (String name : sample) {
                long start = System.nanoTime();
                try (InputStream in = staging.open(name)) {
                    long opened = System.nanoTime();
                    Files.copy(in, spool.resolve("sample.parquet"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    reading += System.nanoTime() - opened;
                    opening += opened - start;
                }
            }
            long t2 = System.nanoTime();
            inParallel(staging, names, name -> copy(staging, name, spool));
            long t3 = System.nanoTime();
            day.create();
            // half the files one after another, as the ingester moves them; the other half by 8 movers at once
            int half = n / 2;
            long t4 = System.nanoTime();
            for (String name : names.subList(0, half)) {
                staging.move(name, day, name);
            }
            long t5 = System.nanoTime();
            inParallel(staging, names.subList(half, n), name -> staging.move(name, day, name));
            long t6 = System.nanoTime();
            remote.unstage(run, source);
            return new PerFile(
                    n,
                    ms(t1 - t0) / n,
                    ms(opening) / sample.size(),
                    ms(reading) / sample.size(),
                    ms(t3 - t2) / n,
                    half == 0 ? 0 : ms(t5 - t4) / half,
                    n - half == 0 ? 0 : ms(t6 - t5) / (n - half));
        } catch (IOException e) {
            throw new UncheckedIOException("Timing the remote calls on " + staging.location() + " failed", e);
        } finally {
            BenchFiles.deleteTree(spool);
        }
    }

    /** A remote call on one file. */
    @FunctionalInterface
    private interface Call {
        void on(String name) throws IOException;
    }

    private static void inParallel(Directory staging, List<String> names, Call call) {
        ForkJoinPool threads = new ForkJoinPool(THREADS);
        try {
            threads.submit(() -> names.parallelStream().forEach(name -> {
                        try {
                            call.on(name);
                        } catch (IOException e) {
                            throw new UncheckedIOException(staging.pathOf(name) + ": " + e.getMessage(), e);
                        }
                    }))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while timing calls on " + staging.location(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Timing calls on " + staging.location() + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            threads.shutdown();
        }
    }

    private static void copy(Directory staging, String name, Path spool) throws IOException {
        try (InputStream in = staging.open(name)) {
            Files.copy(in, spool.resolve(name));
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
