package io.duckdock.app.cluster;

import io.duckdock.ingest.testing.Parquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer that keeps staging Parquet files (hidden name, then rename), {@value #EVENTS_PER_FILE}
 * events each, until stopped.
 */
final class StagedLoad implements AutoCloseable {
    static final int EVENTS_PER_FILE = 20;

    private final Path staging;
    private final long pauseMillis;
    private final AtomicLong files = new AtomicLong();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    StagedLoad(Path staging, long pauseMillis) throws Exception {
        this.staging = Files.createDirectories(staging);
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::run, "staged-load");
        thread.start();
    }

    private void run() {
        try {
            while (!stop) {
                long n = files.get();
                Path hidden = staging.resolve(".load-" + n + ".parquet.tmp");
                Parquet.events(hidden, "c" + (n % 5), 3, EVENTS_PER_FILE, 1_700_000_000_000_000L + n * 1_000_000L);
                Files.move(hidden, staging.resolve("load-" + n + ".parquet"), StandardCopyOption.ATOMIC_MOVE);
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
