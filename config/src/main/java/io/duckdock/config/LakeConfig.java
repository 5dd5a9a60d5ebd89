package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The lake: its Iceberg tables, their compaction and their maintenance.
 *
 * @param snapshotRetention snapshots (time travel) older than this are expired, the current one never
 * @param snapshotExpiryInterval how often the service expires snapshots
 * @param orphanFileAge files in the lake that no snapshot names are deleted once older than this
 * @param orphanCleanupInterval how often the service looks for such files
 */
public record LakeConfig(
        boolean enabled,
        long targetFileSizeBytes,
        Duration compactionInterval,
        Duration snapshotRetention,
        Duration snapshotExpiryInterval,
        Duration orphanFileAge,
        Duration orphanCleanupInterval) {
    public static final boolean DEFAULT_ENABLED = true;
    public static final long DEFAULT_TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;
    public static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_SNAPSHOT_RETENTION = Duration.ofHours(1);
    public static final Duration DEFAULT_SNAPSHOT_EXPIRY_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_ORPHAN_FILE_AGE = Duration.ofDays(3);
    public static final Duration DEFAULT_ORPHAN_CLEANUP_INTERVAL = Duration.ofDays(1);

    public LakeConfig {
        Objects.requireNonNull(compactionInterval, "compactionInterval");
        Objects.requireNonNull(snapshotRetention, "snapshotRetention");
        Objects.requireNonNull(snapshotExpiryInterval, "snapshotExpiryInterval");
        Objects.requireNonNull(orphanFileAge, "orphanFileAge");
        Objects.requireNonNull(orphanCleanupInterval, "orphanCleanupInterval");
    }

    static LakeConfig defaults() {
        return new LakeConfig(
                DEFAULT_ENABLED,
                DEFAULT_TARGET_FILE_SIZE_BYTES,
                DEFAULT_COMPACTION_INTERVAL,
                DEFAULT_SNAPSHOT_RETENTION,
                DEFAULT_SNAPSHOT_EXPIRY_INTERVAL,
                DEFAULT_ORPHAN_FILE_AGE,
                DEFAULT_ORPHAN_CLEANUP_INTERVAL);
    }
}
