package io.duckdock.ingest.query;

/** DuckDB could not run the query; the message is DuckDB's first line (syntax error, unknown table ...). */
public final class QueryFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
