package io.duckdock.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** Compares a node's warehouse with the shared lake: the same events, numbered alike, and the same batches. */
final class LakeReplicas {
    private LakeReplicas() {}

    static List<String> warehouseEvents(Path database) {
        return Warehouses.rows(
                        database.toString(),
                        "SELECT event_id::VARCHAR || '|' || conversation_id || '|' || "
                                + "sequence || '|' || event_offset || '|' || batch_id FROM events")
                .stream()
                .map(r -> r.get(0))
                .sorted()
                .toList();
    }

    static List<String> warehouseBatches(Path database) {
        return Warehouses.rows(
                        database.toString(),
                        "SELECT batch_id || '|' || events_ingested FROM ingest_batches ORDER BY batch_id")
                .stream()
                .map(r -> r.get(0))
                .sorted()
                .toList();
    }

    static void assertEqualsLake(Path database, Path lake) {
        assertThat(warehouseBatches(database)).as("batches of " + database).isEqualTo(IcebergReads.batchRows(lake));
        assertThat(warehouseEvents(database)).as("events of " + database).isEqualTo(IcebergReads.eventRows(lake));
    }

    /** Whether the warehouse equals the lake now; false also while its node holds it open. */
    static boolean equalsLake(Path database, Path lake) {
        try {
            assertEqualsLake(database, lake);
            return true;
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }

    /** As {@link #assertEqualsLake(Path, Path)} for a lake opened afresh by {@code lake} (HDFS too). */
    static void assertEqualsLake(Path database, Supplier<IcebergLake> lake) {
        IcebergLake tables = lake.get();
        assertThat(warehouseBatches(database)).as("batches of " + database).isEqualTo(IcebergReads.batchRows(tables));
        assertThat(warehouseEvents(database)).as("events of " + database).isEqualTo(IcebergReads.eventRows(tables));
    }

    static boolean equalsLake(Path database, Supplier<IcebergLake> lake) {
        try {
            assertEqualsLake(database, lake);
            return true;
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }
}
