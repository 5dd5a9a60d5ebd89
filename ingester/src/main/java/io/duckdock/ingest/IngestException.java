package io.duckdock.ingest;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;

/**
 * A failure of the ingester; the message names the file, key or database involved. Unless a subclass
 * says otherwise it is {@link ErrorCategory#INTERNAL}.
 */
public class IngestException extends DuckDockException {
    private static final long serialVersionUID = 1L;

    public IngestException(String message) {
        super(ErrorCategory.INTERNAL, message);
    }

    public IngestException(ErrorCategory category, String message) {
        super(category, message);
    }

    public IngestException(ErrorCategory category, String message, Throwable cause) {
        super(category, message, cause);
    }

    public IngestException(String message, Throwable cause) {
        super(ErrorCategory.INTERNAL, message, cause);
    }
}
