package io.duckdock.ingest.lake;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;

/** The lake could not be written; the database is untouched and the next run retries. */
public final class LakeException extends DuckDockException {
    private static final long serialVersionUID = 1L;

    public LakeException(String message, Throwable cause) {
        super(ErrorCategory.INTERNAL, message, cause);
    }

    public LakeException(ErrorCategory category, String message) {
        super(category, message);
    }
}
