package io.duckdock.staging.parquet;

import io.duckdock.staging.Event;
import io.duckdock.staging.hadoop.StagedOutput;
import java.io.Closeable;
import java.io.IOException;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;

/** Writes events as one Parquet file of schema v1 into a {@link StagedOutput}. Not thread-safe. */
public final class EventFileWriter implements Closeable {
    private final ParquetWriter<GenericRecord> writer;
    private long rows;

    private EventFileWriter(ParquetWriter<GenericRecord> writer) {
        this.writer = writer;
    }

    /** Starts a Parquet file in {@code output}; {@link #close()} closes (and syncs) the output. */
    public static EventFileWriter open(StagedOutput output, String path, ParquetFileOptions options)
            throws IOException {
        return new EventFileWriter(options.writerBuilder(new StagedOutputFile(output, path)).build());
    }

    public void write(Event event) throws IOException {
        writer.write(EventRecords.toRecord(event));
        rows++;
    }

    public long rowCount() {
        return rows;
    }

    /** Parquet's estimate of the file size so far: written row groups plus buffered data. */
    public long dataSize() {
        return writer.getDataSize();
    }

    /** Writes the footer and closes the output. */
    @Override
    public void close() throws IOException {
        writer.close();
    }
}
