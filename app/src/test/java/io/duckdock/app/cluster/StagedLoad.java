package io.duckdock.app.cluster;

import io.duckdock.ingest.testing.Parquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;

/**
 * A producer that keeps staging Parquet files (hidden name, then rename), {@value #EVENTS_PER_FILE}
 * events each, until stopped: into a local directory, or onto a Hadoop file system (HDFS).
 */
final class StagedLoad implements AutoCloseable {
    static final int EVENTS_PER_FILE = 20;

    /** Puts file number {@code n} into staging under a hidden name, then renames it to its visible one. */
    private interface Stage {
        void file(long n) throws Exception;
    }

    private final Stage stage;
    private final long pauseMillis;
    private final AtomicLong files = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    StagedLoad(Path staging, long pauseMillis) throws Exception {
        this(local(Files.createDirectories(staging)), pauseMillis);
    }

    /** Writes each file in {@code scratch}, copies it to a hidden name in {@code staging} on {@code fs} and renames it. */
    static StagedLoad onHadoop(FileSystem fs, String staging, Path scratch, long pauseMillis) throws Exception {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(staging);
        fs.mkdirs(dir);
        Files.createDirectories(scratch);
        return new StagedLoad(
                n -> {
                    Path local = events(scratch.resolve("load-" + n + ".parquet"), n);
                    org.apache.hadoop.fs.Path hidden =
                            new org.apache.hadoop.fs.Path(dir, ".load-" + n + ".parquet.tmp");
                    fs.copyFromLocalFile(true, false, new org.apache.hadoop.fs.Path(local.toUri()), hidden);
                    if (!fs.rename(hidden, new org.apache.hadoop.fs.Path(dir, "load-" + n + ".parquet"))) {
                        throw new IllegalStateException("cannot rename " + hidden + " in " + dir);
                    }
                },
                pauseMillis);
    }

    private StagedLoad(Stage stage, long pauseMillis) {
        this.stage = stage;
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::run, "staged-load");
        thread.start();
    }

    private static Stage local(Path staging) {
        return n -> {
            Path hidden = events(staging.resolve(".load-" + n + ".parquet.tmp"), n);
            Files.move(hidden, staging.resolve("load-" + n + ".parquet"), StandardCopyOption.ATOMIC_MOVE);
        };
    }

    private static Path events(Path file, long n) {
        return Parquet.events(file, "c" + (n % 5), 3, EVENTS_PER_FILE, 1_700_000_000_000_000L + n * 1_000_000L);
    }

    private void run() {
        try {
            while (!stop) {
                stage.file(files.get());
                files.incrementAndGet();
                Thread.sleep(pauseMillis);
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Files staged so far. */
    long files() {
        return files.get();
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the producer", e);
        }
        if (failure != null) {
            throw new AssertionError("the producer failed: " + failure, failure);
        }
    }
}
