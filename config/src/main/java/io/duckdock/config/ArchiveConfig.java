package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;

/** @param retention how long ingested staged files are kept in the archive; zero = delete at once */
public record ArchiveConfig(Duration retention) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public ArchiveConfig {
        Objects.requireNonNull(retention, "retention");
    }

    static ArchiveConfig defaults() {
        return new ArchiveConfig(DEFAULT_RETENTION);
    }
}
