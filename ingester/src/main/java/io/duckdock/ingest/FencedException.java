package io.duckdock.ingest;

import io.duckdock.error.ErrorCategory;

/** This node lost the right to write (another node took over ingestion); its batch was rolled back. */
public final class FencedException extends IngestException {
    private static final long serialVersionUID = 1L;

    public FencedException(String message) {
        super(ErrorCategory.INGESTER_BUSY, message);
    }

    public FencedException(String message, Throwable cause) {
        super(ErrorCategory.INGESTER_BUSY, message, cause);
    }
}
