package io.duckdock.staging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes files on the writer's background thread, counts what was published and keeps the
 * first failure until a caller takes it with {@link #rethrowFailure()}.
 */
final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final ExecutorService thread;
    private final String location;
    private final LongAdder events = new LongAdder();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<StagingException> failure = new AtomicReference<>();

    Publisher(ExecutorService thread, String location) {
        this.thread = thread;
        this.location = location;
    }

    void eventWritten() {
        events.increment();
    }

    /** The future completes normally even when publishing fails; the failure is kept instead. */
    CompletableFuture<Void> publishAsync(StagedFile file) {
        return CompletableFuture.runAsync(() -> publish(file), thread);
    }

    void publish(StagedFile file) {
        try {
            long size = file.publish();
            files.incrementAndGet();
            bytes.addAndGet(size);
        } catch (StagingException e) {
            LOG.warn("Background publish failed on {}; rethrown on the next call: {}", location, e.getMessage());
            record(e);
        } catch (RuntimeException e) {
            LOG.warn("Background publish failed on {}; rethrown on the next call", location, e);
            record(new StagingException("Unexpected failure publishing a file in " + location + ": " + e, e));
        }
    }

    void record(StagingException e) {
        if (!failure.compareAndSet(null, e)) {
            failure.get().addSuppressed(e);
        }
    }

    void rethrowFailure() {
        StagingException e = takeFailure();
        if (e != null) {
            throw e;
        }
    }

    StagingException takeFailure() {
        // A plain read first: this runs on every write, and a failure is rare.
        StagingException e = failure.get() == null ? null : failure.getAndSet(null);
        return e == null ? null : new StagingException("Background publish failed: " + e.getMessage(), e);
    }

    WriterStats stats() {
        return new WriterStats(events.sum(), files.get(), bytes.get());
    }
}
