package io.duckdock.staging.parquet;

import io.duckdock.staging.hadoop.StagedOutput;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** Adapts an already created {@link StagedOutput} to Parquet's {@link OutputFile}; usable once. */
final class StagedOutputFile implements OutputFile {
    private final StagedOutput output;
    private final String path;
    private boolean created;

    StagedOutputFile(StagedOutput output, String path) {
        this.output = output;
        this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        if (created) {
            throw new IllegalStateException("Output already created: " + path);
        }
        created = true;
        return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return output.position();
            }

            @Override
            public void write(int b) throws IOException {
                output.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                output.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                output.flush();
            }

            @Override
            public void close() throws IOException {
                output.close();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path;
    }
}
