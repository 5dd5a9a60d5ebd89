package io.duckdock.staging;

/**
 * What a staged file's Parquet key-value metadata says about the order of its rows. Readers may
 * rely on a promise only when the footer holds {@link #KEY} with exactly one of the values below;
 * a missing key or any other value promises nothing (files of other writers, or older ones).
 */
public final class FileLayout {
    /** The key-value metadata key in the Parquet footer. */
    public static final String KEY = "duckdock.layout";

    /**
     * The rows of each {@code conversation_id} are contiguous (one run per conversation, in the
     * order of each conversation's first event written), and within a conversation ordered by
     * {@code timestamp}; events of a conversation with equal timestamps keep the order in which
     * they were written. Every file that {@link StagingWriter} publishes carries this value.
     */
    public static final String CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED = "conversation-contiguous,timestamp-ordered";

    /**
     * Beside {@link #KEY}: how many conversation runs the file holds, as a decimal number. The ingester
     * numbers a batch by runs only when they hold enough rows each to pay for counting them.
     */
    public static final String CONVERSATIONS_KEY = "duckdock.conversations";

    private FileLayout() {}
}
