package io.duckdock.staging;

import io.duckdock.staging.parquet.ParquetFileOptions;
import java.time.Clock;
import java.time.Duration;

/** Validated settings of one writer. */
record WriterSettings(
        String producerId,
        int maxRowsPerFile,
        long maxBytesPerFile,
        Duration maxFileAge,
        String compression,
        int lanes,
        Clock clock,
        Duration rotationCheckInterval) {

    /** Row groups are buffered in memory; a file rotates at maxBytesPerFile, so one is enough. */
    private static final long MAX_ROW_GROUP_BYTES = 128L << 20;

    ParquetFileOptions parquetOptions() {
        return new ParquetFileOptions(compression, Math.min(maxBytesPerFile, MAX_ROW_GROUP_BYTES));
    }
}
