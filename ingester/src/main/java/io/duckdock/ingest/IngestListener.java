package io.duckdock.ingest;

/** Hears about each committed batch (progress bars, metrics). Called on the ingesting thread. */
@FunctionalInterface
public interface IngestListener {
    IngestListener NONE = batch -> { };

    void batchCommitted(BatchResult batch);
}
