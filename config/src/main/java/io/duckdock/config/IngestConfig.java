package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the single ingester moves staged files into DuckDB.
 *
 * @param interval time between ingest runs, unless {@code cron} is set
 * @param cron Quartz cron expression (6 or 7 fields); when present it replaces {@code interval}
 * @param settleTime staged files younger than this are left for the next run
 * @param lockTimeout how long to wait for the ingester lock before giving up
 * @param dedupWindow how long ingested file names are remembered to skip duplicates; zero = off
 * @param maxRowsPerBatch most rows (by the files' footers) in one batch; a larger single file gets a
 *     batch of its own
 */
public record IngestConfig(
        boolean enabled,
        int maxFilesPerBatch,
        long maxBytesPerBatch,
        Duration interval,
        Optional<String> cron,
        Duration settleTime,
        Duration lockTimeout,
        Duration dedupWindow,
        long maxRowsPerBatch) {
    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_MAX_FILES_PER_BATCH = 5000;
    public static final long DEFAULT_MAX_BYTES_PER_BATCH = 1024L * 1024 * 1024;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SETTLE_TIME = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
    /** About 150 MB of DuckDock Parquet: a batch numbers and publishes within the default memory limit. */
    public static final long DEFAULT_MAX_ROWS_PER_BATCH = 5_000_000;

    public IngestConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(settleTime, "settleTime");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
    }

    static IngestConfig defaults() {
        return new IngestConfig(
                DEFAULT_ENABLED,
                DEFAULT_MAX_FILES_PER_BATCH,
                DEFAULT_MAX_BYTES_PER_BATCH,
                DEFAULT_INTERVAL,
                Optional.empty(),
                DEFAULT_SETTLE_TIME,
                DEFAULT_LOCK_TIMEOUT,
                DEFAULT_DEDUP_WINDOW,
                DEFAULT_MAX_ROWS_PER_BATCH);
    }
}
