package io.duckdock.staging;

import io.duckdock.staging.hadoop.StagingFileSystem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open file and its rotation policy. A full file is handed to the {@link Publisher} so the
 * writing thread does not wait for the footer, fsync and rename; at most one file per lane is in
 * flight, which bounds memory to two files per lane. Every method requires {@link #lock}.
 */
final class Lane {
    /** A file may exceed maxBytesPerFile by at most this many events. */
    static final int BYTES_CHECK_EVERY_ROWS = 16;

    final ReentrantLock lock = new ReentrantLock();

    private final StagingFileSystem fs;
    private final WriterSettings settings;
    private final Publisher publisher;
    private final long maxAgeMillis;
    private StagedFile current;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    Lane(StagingFileSystem fs, WriterSettings settings, Publisher publisher) {
        this.fs = fs;
        this.settings = settings;
        this.publisher = publisher;
        this.maxAgeMillis = settings.maxFileAge().toMillis();
    }

    void write(Event event) {
        long now = settings.clock().millis();
        if (isExpired(now)) {
            handOff();
        }
        if (current == null) {
            current = StagedFile.open(fs, settings.producerId(), settings.parquetOptions(), now);
        }
        try {
            current.write(event);
        } catch (StagingException e) {
            current = null;
            throw e;
        }
        publisher.eventWritten();
        long rows = current.rowCount();
        // Parquet's size estimate walks every column's buffers, so it is sampled.
        if (rows >= settings.maxRowsPerFile()
                || (rows % BYTES_CHECK_EVERY_ROWS == 0 && current.dataSize() >= settings.maxBytesPerFile())) {
            handOff();
        }
    }

    boolean isExpired(long nowMillis) {
        return current != null && nowMillis - current.openedAtMillis() >= maxAgeMillis;
    }

    /** Hands the open file, if any, to the publisher after this lane's previous one is done. */
    void handOff() {
        if (current != null) {
            StagedFile file = current;
            current = null;
            awaitInFlight();
            inFlight = publisher.publishAsync(file);
        }
    }

    /** Publishes the open file on the calling thread; for the publisher thread itself. */
    void publishNow() {
        if (current != null) {
            StagedFile file = current;
            current = null;
            publisher.publish(file);
        }
    }

    /** Waits until this lane's handed-off file is published; its failure goes to the publisher. */
    void awaitInFlight() {
        inFlight.join();
    }
}
