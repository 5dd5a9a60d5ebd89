package io.duckdock.config;

/**
 * Parquet compression codec for staged files. Configured case-insensitively
 * ({@code staging.compression = zstd}).
 */
public enum Compression {
    SNAPPY,
    ZSTD,
    GZIP,
    UNCOMPRESSED
}
