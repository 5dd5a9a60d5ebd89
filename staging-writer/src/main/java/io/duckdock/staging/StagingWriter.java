package io.duckdock.staging;

/**
 * Writes events as Parquet files into a staging directory without locks between producers: each
 * file is written under a hidden temporary name and renamed into place when complete, so readers
 * that skip hidden names ({@link StagedFileNames#isHidden}) never see a partial file.
 *
 * <p>A file is published when it reaches the row limit, the byte limit (the size of its events
 * before compression) or the age limit since its first event, on {@link #flush()} and on
 * {@link #close()}. A background thread publishes files that reached their age while no event
 * arrives.
 *
 * <p>A file's events are held until the file is complete, then written ordered by conversation
 * and time, as its footer declares ({@link FileLayout}).
 */
public interface StagingWriter extends AutoCloseable {

    /**
     * Buffers the event in an open file. Thread-safe; concurrent callers write to separate files
     * ("lanes"). Events are validated when built, so an event never reaches a file partially. The
     * call that completes a file orders and encodes the file's events before it returns; the
     * footer, fsync and rename happen on the background thread.
     *
     * @throws IllegalStateException if the writer is closed
     * @throws StagingException if a file could not be written or published, including a failure
     *     of the background rotation since the last call; the events of that file are lost
     */
    void write(Event event);

    /**
     * Publishes every open file now (rename into place). A no-op once closed.
     *
     * @throws StagingException if a file could not be published; the other files still are
     */
    void flush();

    WriterStats stats();

    /**
     * Publishes what is left and stops the background rotation thread. Idempotent.
     *
     * @throws StagingException if a file could not be published, or the background rotation
     *     failed since the last call
     */
    @Override
    void close();

    /**
     * @param stagingDir a local path or any Hadoop file system URI; created when missing
     */
    static StagingWriterBuilder builder(String stagingDir) {
        return new StagingWriterBuilder(stagingDir);
    }
}
