package io.duckdock.ingest.query;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;

/** The statement is not a single read-only SELECT; nothing was run. */
public final class QueryRefusedException extends DuckDockException {
    private static final long serialVersionUID = 1L;

    public QueryRefusedException(String message) {
        super(ErrorCategory.CONFIGURATION, message);
    }
}
