package io.duckdock.ingest.lake.iceberg;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.parquet.ParquetUtil;

/** Describes a Parquet file already in place for registration in a table: size, metrics, partition. */
public final class DataFileFactory {
    private DataFileFactory() {}

    /**
     * @param location      the file, on the table's file system
     * @param partitionPath {@code event_date=YYYY-MM-DD} for the events table, null for an unpartitioned one
     */
    public static DataFile of(Table table, String location, String partitionPath) {
        InputFile input = table.io().newInputFile(location);
        Metrics metrics =
                ParquetUtil.fileMetrics(input, MetricsConfig.forTable(table), MappingUtil.create(table.schema()));
        DataFiles.Builder builder = DataFiles.builder(table.spec())
                .withPath(location)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(input.getLength())
                .withMetrics(metrics);
        if (partitionPath != null) {
            builder.withPartitionPath(partitionPath);
        }
        return builder.build();
    }

    /** {@code file}'s entry (size, metrics, partition) for the same bytes at {@code location}: no read. */
    public static DataFile moved(Table table, DataFile file, String location) {
        return DataFiles.builder(table.spec()).copy(file).withPath(location).build();
    }
}
