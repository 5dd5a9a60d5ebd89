package io.duckdock.ingest.lake;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.storage.LakeStorage;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The events table's current snapshot and the last batch it publishes, read from the table's
 * metadata files only (no database, no lock).
 *
 * @param table       the table's location, as engines open it
 * @param snapshotId  null when the table does not exist yet or holds no snapshot
 * @param committedAt ISO-8601 UTC, null with no snapshot
 * @param operation   {@code append} (a batch), {@code replace} (a compaction), null with no snapshot
 * @param lastBatchId the highest batch the table publishes, 0 for none
 * @param snapshots   snapshots kept for time travel
 * @param problem     why the table could not be read, null when it could
 */
public record LakeStatus(
        String table,
        Long snapshotId,
        String committedAt,
        String operation,
        long lastBatchId,
        int snapshots,
        String problem) {

    public static LakeStatus read(Path lake) {
        return read(LakeStorage.local(lake));
    }

    /** The status of the lake at lake.dir, local or on a Hadoop file system. */
    public static LakeStatus read(DuckDockConfig config) {
        LakeStorage lake;
        try {
            lake = LakeStorage.of(
                    config.layout().lakeDir(), config.hadoop(), config.layout().spool());
        } catch (RuntimeException e) {
            return new LakeStatus(
                    config.layout().lakeDir() + "/" + IcebergLake.EVENTS, null, null, null, 0, 0, e.getMessage());
        }
        return read(lake);
    }

    /** The status of the lake on {@code lake}'s file system, local or remote. */
    public static LakeStatus read(LakeStorage lake) {
        IcebergLake iceberg = IcebergLake.at(lake);
        String location = iceberg.location(IcebergLake.EVENTS);
        try {
            if (!iceberg.exists()) {
                return new LakeStatus(location, null, null, null, 0, 0, null);
            }
            Table events = iceberg.events();
            Snapshot current = events.currentSnapshot();
            int snapshots = 0;
            for (Snapshot ignored : events.snapshots()) {
                snapshots++;
            }
            if (current == null) {
                return new LakeStatus(location, null, null, null, 0, snapshots, null);
            }
            return new LakeStatus(
                    location,
                    current.snapshotId(),
                    Instant.ofEpochMilli(current.timestampMillis()).toString(),
                    current.operation(),
                    IcebergLake.publishedUpTo(events),
                    snapshots,
                    null);
        } catch (RuntimeException e) {
            return new LakeStatus(location, null, null, null, 0, 0, String.valueOf(e.getMessage()));
        }
    }
}
