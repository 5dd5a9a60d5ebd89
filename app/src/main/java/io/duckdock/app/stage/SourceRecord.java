package io.duckdock.app.stage;

/**
 * One record read from an input file: either an event or the reason it could not be read.
 *
 * @param line 1-based line number where the record starts
 * @param input the record as it appears in the file, for the rejects file
 * @param event the fields read, or null if {@code problem} is set
 * @param problem why the record was rejected, or null
 */
record SourceRecord(long line, String input, RawEvent event, String problem) {
    static SourceRecord of(long line, String input, RawEvent event) {
        return new SourceRecord(line, input, event, null);
    }

    static SourceRecord rejected(long line, String input, String problem) {
        return new SourceRecord(line, input, null, problem);
    }
}
