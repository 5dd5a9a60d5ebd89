package io.duckdock.staging.parquet;

import io.duckdock.staging.hadoop.StagedOutput;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetWriter;

/** Writes events as one Parquet file of schema v1 into a {@link StagedOutput}. Not thread-safe. */
public final class EventFileWriter implements Closeable {
    private final ParquetWriter<EventRow> writer;
    private long rows;

    private EventFileWriter(ParquetWriter<EventRow> writer) {
        this.writer = writer;
    }

    /**
     * Starts a Parquet file in {@code output}; {@link #close()} closes (and syncs) the output.
     *
     * @param metadata key-value metadata for the footer
     */
    public static EventFileWriter open(
            StagedOutput output, String path, ParquetFileOptions options, Map<String, String> metadata)
            throws IOException {
        return new EventFileWriter(options.eventWriter(new StagedOutputFile(output, path), metadata));
    }

    public void write(EventRow row) throws IOException {
        writer.write(row);
        rows++;
    }

    public long rowCount() {
        return rows;
    }

    /** Writes the footer and closes the output. */
    @Override
    public void close() throws IOException {
        writer.close();
    }
}
