package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How producers write staged Parquet files. A file is closed when it reaches
 * {@code maxRowsPerFile} rows, {@code maxBytesPerFile} bytes or {@code maxFileAge}, whichever comes
 * first.
 *
 * @param tempFileMaxAge hidden temp files older than this are left over from a crash and are swept
 * @param sweepInterval how often the sweep for stale temp files runs
 */
public record StagingConfig(
        int maxRowsPerFile,
        long maxBytesPerFile,
        Duration maxFileAge,
        Compression compression,
        Duration tempFileMaxAge,
        Duration sweepInterval) {
    public static final int DEFAULT_MAX_ROWS_PER_FILE = 500_000;
    public static final long DEFAULT_MAX_BYTES_PER_FILE = 64L * 1024 * 1024;
    public static final long MIN_MAX_BYTES_PER_FILE = 1024;
    public static final Duration DEFAULT_MAX_FILE_AGE = Duration.ofSeconds(5);
    public static final Compression DEFAULT_COMPRESSION = Compression.SNAPPY;
    public static final Duration DEFAULT_TEMP_FILE_MAX_AGE = Duration.ofHours(1);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(10);

    public StagingConfig {
        Objects.requireNonNull(maxFileAge, "maxFileAge");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(tempFileMaxAge, "tempFileMaxAge");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
    }

    static StagingConfig defaults() {
        return new StagingConfig(
                DEFAULT_MAX_ROWS_PER_FILE,
                DEFAULT_MAX_BYTES_PER_FILE,
                DEFAULT_MAX_FILE_AGE,
                DEFAULT_COMPRESSION,
                DEFAULT_TEMP_FILE_MAX_AGE,
                DEFAULT_SWEEP_INTERVAL);
    }
}
