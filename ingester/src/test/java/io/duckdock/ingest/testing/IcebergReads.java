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

    /**
     * The events of the lake's current snapshot as {@code event_id|conversation_id|sequence|event_offset|batch_id},
     * sorted; read with DuckDB from the files the snapshot names (no Iceberg reader needed on the classpath).
     */
    public static java.util.List<String> eventRows(Path lake) {
        IcebergLake tables = lake(lake);
        return duckDbRows(
                tables.events(),
                "event_id::VARCHAR || '|' || conversation_id || '|' || sequence || '|' || event_offset || '|' || batch_id",
                Long.MAX_VALUE);
    }

    /** The batch rows of the lake's history table up to its published mark, as {@code batch_id|events_ingested}. */
    public static java.util.List<String> batchRows(Path lake) {
        IcebergLake tables = lake(lake);
        long upTo = IcebergLake.publishedUpTo(tables.events());
        return duckDbRows(tables.batches(), "batch_id || '|' || events_ingested", upTo);
    }

    private static java.util.List<String> duckDbRows(Table table, String row, long upTo) {
        java.util.List<String> files = IcebergLake.currentFiles(table).stream()
                .map(f -> Path.of(java.net.URI.create(f.location())).toString())
                .toList();
        java.util.List<String> rows = new java.util.ArrayList<>();
        if (files.isEmpty()) {
            return rows;
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.PreparedStatement query =
                        connection.prepareStatement("SELECT " + row + " FROM read_parquet(?) WHERE batch_id <= ?")) {
            query.setArray(1, connection.createArrayOf("VARCHAR", files.toArray()));
            query.setLong(2, upTo);
            try (java.sql.ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot read the lake table " + table.location() + ": " + e, e);
        }
        java.util.Collections.sort(rows);
        return rows;
    }

    /**
     * As {@link #eventRows(Path)} for a lake anywhere (HDFS too), read with Iceberg's generic reader:
     * {@code event_id|conversation_id|sequence|event_offset|batch_id}, sorted.
     */
    public static java.util.List<String> eventRows(IcebergLake lake) {
        return rows(lake.events(), "event_id", "conversation_id", "sequence", "event_offset", "batch_id");
    }

    /** As {@link #batchRows(Path)} for a lake anywhere (HDFS too), read with Iceberg's generic reader. */
    public static java.util.List<String> batchRows(IcebergLake lake) {
        long upTo = IcebergLake.publishedUpTo(lake.events());
        return rows(lake.batches(), "batch_id", "events_ingested").stream()
                .filter(r -> Long.parseLong(r.substring(0, r.indexOf('|'))) <= upTo)
                .toList();
    }

    /** The last batch the lake's events table holds. */
    public static long lastBatch(IcebergLake lake) {
        return IcebergLake.publishedUpTo(lake.events());
    }

    /** The last batch the lake's events table holds. */
    public static long lastBatch(Path lake) {
        return IcebergLake.publishedUpTo(lake(lake).events());
    }

    public static IcebergLake lake(Path lake) {
        return IcebergLake.at(lake);
    }
}
