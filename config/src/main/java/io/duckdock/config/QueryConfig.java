package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code duckdock query}, the analysts' read-only SQL.
 *
 * @param timeout how long one query may run before it is interrupted; a query over the warehouse
 *     holds its file, and the ingester waits for it only up to ingest.lock-timeout
 */
public record QueryConfig(Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public QueryConfig {
        Objects.requireNonNull(timeout, "timeout");
    }

    static QueryConfig defaults() {
        return new QueryConfig(DEFAULT_TIMEOUT);
    }
}
