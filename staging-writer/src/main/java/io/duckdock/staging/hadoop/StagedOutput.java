package io.duckdock.staging.hadoop;

import java.io.IOException;

/** A file being written. Not thread-safe. */
public interface StagedOutput {

    void write(int b) throws IOException;

    void write(byte[] bytes, int offset, int length) throws IOException;

    void flush() throws IOException;

    /** Bytes written so far. */
    long position() throws IOException;

    /** Flushes, syncs the bytes to the device ({@code hsync}), then closes. Idempotent. */
    void close() throws IOException;
}
