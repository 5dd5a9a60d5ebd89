package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;

/** The Parquet lake that receives data older than the warehouse's hot window. */
public record LakeConfig(boolean enabled, long targetFileSizeBytes, Duration compactionInterval) {
  public static final boolean DEFAULT_ENABLED = true;
  public static final long DEFAULT_TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;
  public static final Duration DEFAULT_COMPACTION_INTERVAL = Duration.ofMinutes(10);

  public LakeConfig {
    Objects.requireNonNull(compactionInterval, "compactionInterval");
  }

  static LakeConfig defaults() {
    return new LakeConfig(DEFAULT_ENABLED, DEFAULT_TARGET_FILE_SIZE_BYTES,
        DEFAULT_COMPACTION_INTERVAL);
  }
}
