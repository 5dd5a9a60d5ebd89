package io.duckdock.ingest;

import io.duckdock.error.ErrorCategory;
import java.time.Duration;

/**
 * The database file stayed locked by another process (usually an analyst's read-only connection)
 * for longer than {@code ingest.lock-timeout}. Staged files wait safely for the next run.
 */
public final class DatabaseLockedException extends IngestException {
    private static final long serialVersionUID = 1L;

    public DatabaseLockedException(String database, Duration waited, String duckDbMessage) {
        super(
                ErrorCategory.DATABASE_BUSY,
                "Database " + database + " is locked by another process and stayed locked for "
                        + waited.toMillis() + " ms (ingest.lock-timeout); staged files wait for the next run. "
                        + "Close other connections to it (read the lake, or use 'duckdock query'). DuckDB said: "
                        + duckDbMessage);
    }
}
