package io.duckdock.ingest.scheduler;

import java.time.Instant;
import java.util.Optional;

/**
 * What a task did so far.
 *
 * @param lastError message of the last failure, kept until the next success
 */
public record TaskStats(
        String name,
        long runs,
        long failures,
        Optional<Instant> lastSuccess,
        Optional<Instant> lastFailure,
        Optional<String> lastError) {}
