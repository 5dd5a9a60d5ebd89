package io.duckdock.ingest;

import java.time.Duration;

/** Hears about each committed batch (progress bars, metrics). Called on the ingesting thread. */
@FunctionalInterface
public interface IngestListener {
    IngestListener NONE = batch -> {};

    void batchCommitted(BatchResult batch);

    /**
     * Hears each wait for the warehouse file while another process (usually an analyst's read-only
     * connection) holds it: called after every backoff sleep, before the next attempt to open it,
     * including the last wait of an attempt that then gives up. Does nothing by default.
     *
     * @param waited the time slept
     */
    default void lockWaited(Duration waited) {}
}
