package io.duckdock.staging;

import io.duckdock.config.HadoopConfig;
import io.duckdock.staging.hadoop.StagedFileStatus;
import io.duckdock.staging.hadoop.StagingFileSystem;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes temporary files left by producers that died before publishing. Only hidden files
 * matching DuckDock's temporary name pattern or any hidden {@code *.parquet*} file are touched.
 *
 * <p>A live writer's temporary file is not modified until it is published (Parquet buffers the
 * row group in memory), so {@code maxAge} must be well above the writers' {@code maxFileAge}.
 */
public final class TempFileSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(TempFileSweeper.class);

    private TempFileSweeper() {}

    /**
     * Deletes temporary files whose last modification is at least {@code maxAge} before
     * {@code clock}'s now. Per-file failures are collected, not thrown.
     *
     * @throws StagingException if the directory cannot be opened or listed
     */
    public static SweepResult sweep(String stagingDir, Duration maxAge, Clock clock) {
        return sweep(stagingDir, HadoopConfig.defaults(), maxAge, clock);
    }

    /**
     * {@link #sweep(String, Duration, Clock)} on a staging directory that may be a Hadoop URI.
     *
     * @throws StagingException if the directory cannot be opened or listed
     */
    public static SweepResult sweep(String stagingDir, HadoopConfig hadoop, Duration maxAge, Clock clock) {
        StagingFileSystem fs = StagingWriterBuilder.openFileSystem(stagingDir, hadoop);
        List<StagedFileStatus> files;
        try {
            files = fs.list();
        } catch (IOException e) {
            throw new StagingException("Failed to list staging directory " + fs.location() + ": " + e.getMessage(), e);
        }
        long cutoff = clock.millis() - maxAge.toMillis();
        int deleted = 0;
        long bytes = 0;
        List<String> failures = new ArrayList<>();
        for (StagedFileStatus file : files) {
            if (!StagedFileNames.isSweepable(file.name()) || file.modificationTimeMillis() > cutoff) {
                continue;
            }
            String path = fs.pathOf(file.name());
            try {
                if (fs.delete(file.name())) {
                    deleted++;
                    bytes += file.length();
                } else {
                    failures.add("Failed to delete temporary file " + path + ": it was already gone or is protected");
                }
            } catch (IOException e) {
                failures.add("Failed to delete temporary file " + path + ": " + e.getMessage());
            }
        }
        failures.forEach(failure -> LOG.warn("{}", failure));
        if (deleted > 0) {
            LOG.info("Swept {}: deleted {} temporary files, {} bytes", fs.location(), deleted, bytes);
        }
        return new SweepResult(deleted, bytes, failures);
    }
}
