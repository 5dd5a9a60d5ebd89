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
 * Hidden files a killed process left in the lake: uploads ({@code .name.tmp}) in the event partitions and
 * the ledger tables' data directories, and a compaction's hidden files ({@code .name.replaced},
 * {@code .name.merged}) in the partitions. No reader of the glob sees them; a process removes them once,
 * before its first publication or compaction, keeping those of a compaction the warehouse records (the
 * compactor's repair finishes it) and any file the current snapshot names (a merged file between its
 * compaction's two commits).
 */
final class LakeLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(LakeLeftovers.class);

    private LakeLeftovers() {}

    /**
     * Removes them, keeping the files of the compactions {@code connection}'s warehouse records and the
     * files in {@code named} (as {@link LakePaths#key}).
     */
    static int remove(LakeStorage storage, Connection connection, Set<String> named) throws IOException, SQLException {
        LakePaths paths = new LakePaths(storage.root());
        Set<String> keep = new HashSet<>(named);
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT merged_path, replaced FROM lake_compactions")) {
            while (rows.next()) {
                String target = paths.resolve(rows.getString(1));
                keep.add(LakePaths.key(LakeStorage.staged(target)));
                keep.add(LakePaths.key(CompactionSteps.hiddenMerged(target)));
                for (Object replaced : (Object[]) rows.getArray(2).getArray()) {
                    String file = paths.resolve((String) replaced);
                    keep.add(LakePaths.key(LakeStorage.hidden(file, CompactionSteps.REPLACED)));
                }
            }
        }
        return remove(storage, keep);
    }

    /** Removes them all, keeping the files named in {@code keep} (as {@link LakePaths#key}). */
    static int remove(LakeStorage storage, Set<String> keep) throws IOException {
        LakePaths paths = new LakePaths(storage.root());
        String events = paths.resolve(LakePaths.EVENTS);
        int removed = 0;
        for (String partition : LakePaths.partitions(storage, events)) {
            removed += remove(storage, partition, keep);
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
            if (isLeftover(name) && !keep.contains(LakePaths.key(file))) {
                LOG.warn("lake: deleting {}, left by a killed process", file);
                removed += storage.delete(file) ? 1 : 0;
            }
        }
        return removed;
    }

    private static boolean isLeftover(String name) {
        return name.startsWith(".")
                && (name.endsWith(".tmp")
                        || name.endsWith(".parquet" + CompactionSteps.REPLACED)
                        || name.endsWith(".parquet" + CompactionSteps.MERGED));
    }
}
