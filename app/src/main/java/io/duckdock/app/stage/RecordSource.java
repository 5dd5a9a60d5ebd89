package io.duckdock.app.stage;

import java.io.Closeable;
import java.io.IOException;

/** Reads the records of one input file, one at a time, in constant memory. */
interface RecordSource extends Closeable {
    /**
     * The next record, or null at the end of the file.
     *
     * @throws RejectedFileException if the rest of the file cannot be read (e.g. a broken CSV quote)
     */
    SourceRecord next() throws IOException;
}
