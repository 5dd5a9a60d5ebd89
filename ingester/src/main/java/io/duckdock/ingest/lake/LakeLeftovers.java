package io.duckdock.ingest.lake;

import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hidden uploads ({@code .name.tmp}) a killed process left in the lake: in the event partitions and the
 * ledger tables' data directories. No reader sees them (hidden names) and no snapshot names them; a
 * process removes them once, before its first publication or compaction, keeping the merged file of a
 * compaction the warehouse records, which the compactor's repair finishes.
 */
final class LakeLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(LakeLeftovers.class);

    private LakeLeftovers() {}

    /** Removes them, keeping the uploads of the compactions {@code connection}'s warehouse records. */
    static int remove(LakeStorage storage, Connection connection) throws IOException, SQLException {
        LakePaths paths = new LakePaths(storage.root());
        Set<String> keep = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT merged_path FROM lake_compactions")) {
            while (rows.next()) {
                keep.add(LakePaths.key(LakeStorage.staged(paths.resolve(rows.getString(1)))));
            }
        }
        return remove(storage, keep);
    }

    /** Removes them all, keeping the uploads named in {@code keep} (as {@link LakePaths#key}). */
    static int remove(LakeStorage storage, Set<String> keep) throws IOException {
        LakePaths paths = new LakePaths(storage.root());
        String events = paths.resolve(LakePaths.EVENTS);
        int removed = 0;
        for (String partition : storage.directories(events)) {
            if (partition.startsWith("event_date=")) {
                removed += remove(storage, LakeStorage.child(events, partition), keep);
            }
        }
        for (String table : List.of(IcebergLake.FILES, IcebergLake.BATCHES)) {
            removed += remove(storage, paths.resolve(table + "/data"), keep);
        }
        return removed;
    }

    private static int remove(LakeStorage storage, String dir, Set<String> keep) throws IOException {
        int removed = 0;
        for (String name : storage.files(dir)) {
            String file = LakeStorage.child(dir, name);
            if (name.startsWith(".") && name.endsWith(".tmp") && !keep.contains(LakePaths.key(file))) {
                LOG.warn("lake: deleting {}, an upload a killed process left", file);
                removed += storage.delete(file) ? 1 : 0;
            }
        }
        return removed;
    }
}
