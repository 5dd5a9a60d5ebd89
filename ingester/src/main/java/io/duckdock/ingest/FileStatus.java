package io.duckdock.ingest;

import java.util.Locale;

/** What became of a staged file, as the ledger records it. */
public enum FileStatus {
    /** Its rows are in {@code events}; the file is archived. */
    INGESTED,
    /** It broke the contract; the file is in {@code rejected/} next to a reason file. */
    REJECTED,
    /** Its exact content was ingested before; nothing loaded, the file is archived. */
    DUPLICATE;

    /** The value stored in {@code ingest_files.status}. */
    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FileStatus fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
