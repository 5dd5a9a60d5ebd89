package io.duckdock.ingest.query;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;

/**
 * Nothing was run: the statement is not a single read-only SELECT, or DuckDB would let the query
 * read more files than DuckDock allows.
 */
public final class QueryRefusedException extends DuckDockException {
    private static final long serialVersionUID = 1L;

    public QueryRefusedException(String message) {
        super(ErrorCategory.CONFIGURATION, message);
    }
}
