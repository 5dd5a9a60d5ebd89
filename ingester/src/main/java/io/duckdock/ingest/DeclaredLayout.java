package io.duckdock.ingest;

import io.duckdock.staging.FileLayout;
import java.util.List;
import org.apache.parquet.format.KeyValue;

/**
 * What a file's writer declares about the order of its rows, in the Parquet footer's key-value
 * metadata. DuckDock's own producer writes each conversation's events as one contiguous run of rows
 * in timestamp order (ties in write order) and says so, with the number of such runs; such files can
 * be numbered without sorting the batch ({@link Numbering#FILE_GROUPS}). A declaration is a promise
 * the load still verifies: a file that breaks it is numbered by the window instead.
 *
 * @param groupedByConversation the rows of each conversation are contiguous and timestamp-ordered
 * @param conversations         how many conversations (contiguous runs) the file holds; 0 if unknown
 */
record DeclaredLayout(boolean groupedByConversation, long conversations) {
    /** Nothing declared: a foreign file, or an older DuckDock producer. */
    static final DeclaredLayout NONE = new DeclaredLayout(false, 0);

    static DeclaredLayout from(List<KeyValue> keyValues) {
        if (keyValues == null) {
            return NONE;
        }
        boolean grouped = false;
        long conversations = 0;
        for (KeyValue keyValue : keyValues) {
            if (FileLayout.KEY.equals(keyValue.getKey())) {
                grouped = FileLayout.CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED.equals(keyValue.getValue());
            } else if (FileLayout.CONVERSATIONS_KEY.equals(keyValue.getKey())) {
                conversations = parseCount(keyValue.getValue());
            }
        }
        return grouped ? new DeclaredLayout(true, conversations) : NONE;
    }

    private static long parseCount(String value) {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
