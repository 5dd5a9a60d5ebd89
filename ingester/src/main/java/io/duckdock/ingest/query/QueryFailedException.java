package io.duckdock.ingest.query;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;

/** DuckDB could not run the query; the message is DuckDB's first line (syntax error, unknown table ...). */
public final class QueryFailedException extends DuckDockException {
    private static final long serialVersionUID = 1L;

    public QueryFailedException(String message, Throwable cause) {
        super(ErrorCategory.CONFIGURATION, message, cause);
    }
}
