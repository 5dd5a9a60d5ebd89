package io.duckdock.staging;

import java.util.List;

/**
 * Outcome of {@link TempFileSweeper#sweep}.
 *
 * @param deleted number of temporary files deleted
 * @param bytes total size of the deleted files
 * @param failures one sentence per file that could not be deleted, naming the file
 */
public record SweepResult(int deleted, long bytes, List<String> failures) {
    public SweepResult {
        failures = List.copyOf(failures);
    }
}
