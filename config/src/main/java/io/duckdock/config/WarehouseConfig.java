package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * DuckDB settings of the warehouse database.
 *
 * @param storageCompatibility DuckDB {@code STORAGE_COMPATIBILITY_VERSION}: {@code v1.4.0} style or
 *     {@code latest}
 * @param memoryLimitBytes DuckDB {@code memory_limit}; empty = {@link #machineMemoryLimit()}
 * @param threads DuckDB {@code threads}; 0 = DuckDB default
 * @param hotDays days of data kept in the database before moving to the lake; 0 = keep everything
 */
public record WarehouseConfig(
        String storageCompatibility,
        Optional<Long> memoryLimitBytes,
        int threads,
        int hotDays,
        Duration checkpointInterval) {
    public static final String DEFAULT_STORAGE_COMPATIBILITY = "v1.4.0";
    public static final String LATEST_STORAGE_COMPATIBILITY = "latest";
    public static final int DEFAULT_THREADS = 0;
    public static final int DEFAULT_HOT_DAYS = 0;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(10);

    public WarehouseConfig {
        Objects.requireNonNull(storageCompatibility, "storageCompatibility");
        Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    }

    /** At most this much memory for DuckDB unless warehouse.memory-limit says otherwise. */
    public static final long MAX_DEFAULT_MEMORY_LIMIT = 1024L * 1024 * 1024;

    /** The DuckDB memory limit in force: the configured one, or one sized from the machine. */
    public long memoryLimit() {
        return memoryLimitBytes.orElseGet(WarehouseConfig::machineMemoryLimit);
    }

    /**
     * A quarter of the machine's memory, at most {@link #MAX_DEFAULT_MEMORY_LIMIT}: with a JVM heap of
     * a few hundred MB beside it, an ingest process stays within 2 GiB however large the backlog.
     */
    public static long machineMemoryLimit() {
        long physical = ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Math.min(MAX_DEFAULT_MEMORY_LIMIT, Math.max(64L * 1024 * 1024, physical / 4));
    }

    static WarehouseConfig defaults() {
        return new WarehouseConfig(
                DEFAULT_STORAGE_COMPATIBILITY,
                Optional.empty(),
                DEFAULT_THREADS,
                DEFAULT_HOT_DAYS,
                DEFAULT_CHECKPOINT_INTERVAL);
    }
}
