package io.duckdock.staging.bench;

import io.duckdock.staging.Event;
import io.duckdock.staging.parquet.EventRecords;
import io.duckdock.staging.parquet.ParquetFileOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The benchmark baseline: a plain {@code AvroParquetWriter} per file on a local path, no temp
 * name, no fsync, no rename. Uses the same schema, options and record conversion as the writer.
 */
public final class RawParquetBaseline {
    private RawParquetBaseline() {}

    /**
     * Writes {@code count} events, event {@code i} from {@code events}, into files of
     * {@code rowsPerFile} rows named {@code <prefix>-<n>.parquet} in {@code dir}.
     *
     * @return the number of files written
     */
    public static int write(
            java.util.function.IntFunction<Event> events,
            long count,
            Path dir,
            String prefix,
            ParquetFileOptions options,
            long rowsPerFile)
            throws IOException {
        int files = 0;
        long written = 0;
        while (written < count) {
            Path file = dir.resolve(prefix + "-" + files + ".parquet");
            files++;
            try (ParquetWriter<GenericRecord> writer =
                    options.writerBuilder(new LocalOutputFile(file)).build()) {
                long inFile = 0;
                while (inFile < rowsPerFile && written < count) {
                    writer.write(EventRecords.toRecord(events.apply((int) written)));
                    inFile++;
                    written++;
                }
            }
        }
        return files;
    }
}
