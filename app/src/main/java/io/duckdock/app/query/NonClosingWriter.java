package io.duckdock.app.query;

import java.io.FilterWriter;
import java.io.Writer;

/** Flushes instead of closing, so that the command's stdout stays open. */
final class NonClosingWriter extends FilterWriter {
    NonClosingWriter(Writer out) {
        super(out);
    }

    @Override
    public void close() throws java.io.IOException {
        flush();
    }
}
