package io.duckdock.staging.hadoop;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;

/** {@link StagedOutput} over an {@link FSDataOutputStream}. */
final class HadoopStagedOutput implements StagedOutput {
    private final FSDataOutputStream out;
    private boolean closed;

    HadoopStagedOutput(FSDataOutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public long position() {
        return out.getPos();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            out.hflush();
            // The bytes must be on the device before the rename makes the file visible.
            out.hsync();
        }
    }
}
