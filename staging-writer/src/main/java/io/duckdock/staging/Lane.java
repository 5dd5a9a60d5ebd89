package io.duckdock.staging;

import io.duckdock.staging.hadoop.StagingFileSystem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open file and its rotation policy. The file's events are buffered ({@link FileBuffer}); when
 * the file is complete the thread that completed it orders and encodes them, then hands the file
 * to the {@link Publisher} so that it does not wait for the footer, fsync and rename. At most one
 * file per lane is in flight. Every method requires {@link #lock}.
 */
final class Lane {
    final ReentrantLock lock = new ReentrantLock();

    private final StagingFileSystem fs;
    private final WriterSettings settings;
    private final Publisher publisher;
    private final long maxAgeMillis;
    private FileBuffer current;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    Lane(StagingFileSystem fs, WriterSettings settings, Publisher publisher) {
        this.fs = fs;
        this.settings = settings;
        this.publisher = publisher;
        this.maxAgeMillis = settings.maxFileAge().toMillis();
    }

    /** @throws StagingException if this event completed a file that could not be written */
    void write(Event event) {
        long now = settings.clock().millis();
        if (isExpired(now)) {
            handOff();
        }
        if (current == null) {
            current = new FileBuffer(now, settings.maxRowsPerFile());
        }
        current.add(event);
        publisher.eventWritten();
        if (current.size() >= settings.maxRowsPerFile() || current.estimatedBytes() >= settings.maxBytesPerFile()) {
            handOff();
        }
    }

    boolean isExpired(long nowMillis) {
        return current != null && nowMillis - current.openedAtMillis() >= maxAgeMillis;
    }

    /**
     * Writes the open file, if any, and hands it to the publisher once this lane's previous file
     * is done.
     *
     * @throws StagingException if the file could not be written; its events are lost
     */
    void handOff() {
        StagedFile file = writeCurrent();
        if (file != null) {
            awaitInFlight();
            inFlight = publisher.publishAsync(file);
        }
    }

    /** Writes and publishes the open file on the calling thread; for the publisher thread itself. */
    void publishNow() {
        StagedFile file = writeCurrent();
        if (file != null) {
            publisher.publish(file);
        }
    }

    private StagedFile writeCurrent() {
        if (current == null) {
            return null;
        }
        FileBuffer buffer = current;
        current = null;
        return StagedFile.write(fs, settings.producerId(), settings.parquetOptions(), buffer);
    }

    /** Waits until this lane's handed-off file is published; its failure goes to the publisher. */
    void awaitInFlight() {
        inFlight.join();
    }
}
