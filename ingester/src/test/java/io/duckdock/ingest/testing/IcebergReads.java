package io.duckdock.ingest.testing;

import io.duckdock.ingest.lake.iceberg.IcebergLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads the lake's tables with Iceberg's own generic Java reader, as another engine would. */
public final class IcebergReads {
    private IcebergReads() {}

    /** Events per batch id in {@code snapshotId} of the events table (null: the current snapshot). */
    public static Map<Long, Long> eventsPerBatch(Table table, Long snapshotId) {
        Map<Long, Long> counts = new TreeMap<>();
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table).select("batch_id");
        if (snapshotId != null) {
            scan = scan.useSnapshot(snapshotId);
        }
        try (CloseableIterable<Record> records = scan.build()) {
            for (Record record : records) {
                counts.merge((Long) record.getField("batch_id"), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /** Every row of the current snapshot of {@code table}, each as the text of its record. */
    public static java.util.List<String> rows(Table table, String... columns) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (CloseableIterable<Record> records =
                IcebergGenerics.read(table).select(columns).build()) {
            for (Record record : records) {
                StringBuilder row = new StringBuilder();
                for (String column : columns) {
                    row.append(row.length() == 0 ? "" : "|").append(record.getField(column));
                }
                rows.add(row.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Collections.sort(rows);
        return rows;
    }

    public static IcebergLake lake(Path lake) {
        return IcebergLake.at(lake);
    }
}
