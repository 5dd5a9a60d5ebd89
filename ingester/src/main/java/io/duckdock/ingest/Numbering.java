package io.duckdock.ingest;

/**
 * How a batch numbers each conversation's events. Both give the same sequences: within a
 * conversation, in (timestamp, file, row) order, continuing from its head.
 */
enum Numbering {
    /**
     * {@code row_number()} over each conversation, ordered by timestamp, file and row: works for any
     * files, but sorts every row of the batch with its payload.
     */
    WINDOW,
    /**
     * For files whose writer declares each conversation's rows contiguous and in timestamp order
     * ({@link DeclaredLayout}): one pass counts each (file, conversation) run, a prefix sum over files
     * gives each run its first sequence, and a row's sequence is that plus its position in the run.
     * The pass also checks the declaration (runs contiguous, timestamps not decreasing within a run,
     * a conversation's runs in different files not overlapping in time); a batch that breaks it is
     * numbered by {@link #WINDOW}.
     */
    FILE_GROUPS;

    /**
     * Below this many rows per run on average, counting runs costs more than the window saves
     * (one-row runs: every conversation scattered over every file).
     */
    static final long MIN_ROWS_PER_GROUP = 4;

    /**
     * {@link #FILE_GROUPS} when every one of {@code files} (of one schema) declares its rows grouped
     * by conversation, with enough rows per group for counting groups to pay; else {@link #WINDOW}.
     */
    static Numbering forFiles(java.util.List<Batch.File> files, java.util.function.IntToLongFunction rows) {
        long rowCount = 0;
        long groups = 0;
        for (Batch.File file : files) {
            DeclaredLayout layout = file.input().layout();
            if (!layout.groupedByConversation() || layout.conversations() <= 0) {
                return WINDOW;
            }
            rowCount += rows.applyAsLong(file.index());
            groups += layout.conversations();
        }
        return rowCount >= groups * MIN_ROWS_PER_GROUP ? FILE_GROUPS : WINDOW;
    }

    /** As reported: {@code window}, {@code file-groups}. */
    String sqlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
