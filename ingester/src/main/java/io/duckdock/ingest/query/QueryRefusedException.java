package io.duckdock.ingest.query;

/** The statement is not a single read-only SELECT; nothing was run. */
public final class QueryRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryRefusedException(String message) {
        super(message);
    }
}
