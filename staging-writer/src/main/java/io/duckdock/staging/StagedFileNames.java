package io.duckdock.staging;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Naming of staged files. A writer creates {@code .duckdock-<producerId>-<uuidv7>.parquet.tmp}
 * and publishes it by renaming to {@code events-<producerId>-<uuidv7>.parquet}. Readers must
 * skip hidden names (leading {@code _} or {@code .}): they are files still being written.
 */
public final class StagedFileNames {
    static final String TEMP_PREFIX = ".duckdock-";
    static final String TEMP_SUFFIX = ".parquet.tmp";
    static final String PUBLISHED_PREFIX = "events-";
    static final String PUBLISHED_SUFFIX = ".parquet";

    private static final Pattern PRODUCER_ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DUCKDOCK_TEMP =
            Pattern.compile("\\.duckdock-[A-Za-z0-9_-]+-[0-9a-f-]{36}\\.parquet\\.tmp");

    private StagedFileNames() {}

    /** True for names starting with {@code _} or {@code .}; readers must skip such files. */
    public static boolean isHidden(String fileName) {
        return fileName.startsWith("_") || fileName.startsWith(".");
    }

    /** True for a published (complete, readable) event file. */
    public static boolean isPublished(String fileName) {
        return !isHidden(fileName) && fileName.startsWith(PUBLISHED_PREFIX) && fileName.endsWith(PUBLISHED_SUFFIX);
    }

    static String tempName(String producerId, UUID fileId) {
        return TEMP_PREFIX + producerId + "-" + fileId + TEMP_SUFFIX;
    }

    static String publishedName(String producerId, UUID fileId) {
        return PUBLISHED_PREFIX + producerId + "-" + fileId + PUBLISHED_SUFFIX;
    }

    /** A leftover of an interrupted writer: DuckDock's temp pattern, or any hidden Parquet file. */
    static boolean isSweepable(String fileName) {
        return DUCKDOCK_TEMP.matcher(fileName).matches() || (isHidden(fileName) && fileName.contains(".parquet"));
    }

    static boolean isValidProducerId(String producerId) {
        return producerId != null && PRODUCER_ID.matcher(producerId).matches();
    }

    /** Replaces every character outside [A-Za-z0-9_-] with '_' and keeps at most maxLength. */
    static String sanitizeProducerId(String raw, int maxLength) {
        String cleaned = raw.replaceAll("[^A-Za-z0-9_-]", "_");
        return cleaned.length() > maxLength ? cleaned.substring(0, maxLength) : cleaned;
    }
}
