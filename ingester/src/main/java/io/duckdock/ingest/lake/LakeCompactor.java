package io.duckdock.ingest.lake;

import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.lake.iceberg.LakeSchemas;
import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a partition's small files into files of about the target size: the merged file is written under a
 * hidden name (on a remote lake: the partition's files downloaded to the spool, merged there and uploaded),
 * the compaction recorded, then {@link CompactionSteps} swaps it in with both reader guarantees. A crash
 * anywhere is finished or undone by {@link #repair}.
 */
final class LakeCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(LakeCompactor.class);

    record LakeFile(String path, long rows, long bytes, long minBatch, long maxBatch) {}

    private final Connection connection;
    private final LakeStorage storage;
    private final LakePaths paths;
    private final IcebergLake iceberg;
    private final long targetBytes;
    private final Clock clock;
    private final WriteFence fence;
    private final CompactionSteps steps;

    LakeCompactor(
            Connection connection,
            LakeStorage storage,
            IcebergLake iceberg,
            long targetBytes,
            Clock clock,
            WriteFence fence) {
        this(connection, storage, iceberg, targetBytes, clock, fence, CompactionSteps.Probe.NONE);
    }

    LakeCompactor(
            Connection connection,
            LakeStorage storage,
            IcebergLake iceberg,
            long targetBytes,
            Clock clock,
            WriteFence fence,
            CompactionSteps.Probe probe) {
        this.connection = connection;
        this.fence = fence;
        this.storage = storage;
        this.paths = new LakePaths(storage.root());
        this.iceberg = iceberg;
        this.targetBytes = targetBytes;
        this.clock = clock;
        this.steps = new CompactionSteps(connection, storage, iceberg, clock, fence, probe);
    }

    /** Compacts every partition with two or more small files; returns {files before, files after}. */
    long[] compact() throws SQLException, IOException {
        repair();
        long before = 0;
        long after = 0;
        for (LocalDate date : dates()) {
            List<LakeFile> files = files(date);
            before += files.size();
            after += files.size();
            for (List<LakeFile> group : groups(files)) {
                merge(date, group);
                after -= group.size() - 1;
            }
        }
        return new long[] {before, after};
    }

    /** Groups of at least two consecutive small files whose total stays near the target size. */
    private List<List<LakeFile>> groups(List<LakeFile> files) {
        List<List<LakeFile>> groups = new ArrayList<>();
        List<LakeFile> current = new ArrayList<>();
        long bytes = 0;
        for (LakeFile file : files) {
            if (file.bytes() >= targetBytes / 2) {
                continue;
            }
            if (!current.isEmpty() && bytes + file.bytes() > targetBytes) {
                if (current.size() > 1) {
                    groups.add(current);
                }
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(file);
            bytes += file.bytes();
        }
        if (current.size() > 1) {
            groups.add(current);
        }
        return groups;
    }

    private void merge(LocalDate date, List<LakeFile> group) throws SQLException, IOException {
        long minBatch = group.stream().mapToLong(LakeFile::minBatch).min().orElseThrow();
        long maxBatch = group.stream().mapToLong(LakeFile::maxBatch).max().orElseThrow();
        String target = LakeStorage.child(paths.partition(date), "part-" + minBatch + "-" + maxBatch + ".parquet");
        List<LakeStorage.LocalFile> sources = new ArrayList<>();
        try (LakeStorage.LocalFile written = storage.create(target)) {
            StringBuilder list = new StringBuilder();
            for (LakeFile file : group) {
                // on a remote lake a download to the spool, released in finally
                LakeStorage.LocalFile source = storage.fetch(paths.resolve(file.path()));
                sources.add(source);
                list.append(list.length() == 0 ? "" : ", ").append(LakePaths.literal(source.path()));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("COPY (SELECT " + LakeSchemas.selectList(LakeSchemas.EVENTS)
                        + " FROM read_parquet([" + list + "], hive_partitioning = false) ORDER BY event_offset) TO "
                        + LakePaths.literal(written.path()) + " (FORMAT parquet, "
                        + LakeSchemas.fieldIds(LakeSchemas.EVENTS) + ")");
            }
            storage.stage(written, target);
        } finally {
            LakeStorage.release(sources);
        }
        fence.check(); // the download, merge and upload may have outlasted this node's role
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lake_compactions VALUES (?, ?, ?, make_timestamp(?::BIGINT))")) {
            insert.setObject(1, date);
            insert.setString(2, paths.relative(target));
            insert.setArray(
                    3,
                    connection.createArrayOf(
                            "VARCHAR", group.stream().map(LakeFile::path).toArray()));
            insert.setLong(4, Micros.of(clock.instant()));
            insert.execute();
        }
        String times = steps.finish(
                date, paths.relative(target), group.stream().map(LakeFile::path).toList());
        LOG.info("lake {}: merged {} files into {} ({})", date, group.size(), LakeStorage.name(target), times);
    }

    /**
     * Finishes the compactions a crash interrupted, or undoes one whose merged file never got written; then
     * moves to its visible name any hidden merged file the table names that the warehouse has no record of
     * (a warehouse restored, or a node taking over, after a crash between a compaction's two commits).
     */
    void repair() throws SQLException, IOException {
        Set<String> open = new HashSet<>();
        for (Open compaction : openCompactions()) {
            String target = paths.resolve(compaction.merged());
            open.add(LakePaths.key(target));
            if (started(target)) {
                LOG.warn(
                        "lake {}: finishing the compaction into {} that a crash interrupted",
                        compaction.date(),
                        target);
                steps.finish(compaction.date(), compaction.merged(), compaction.replaced());
            } else {
                LOG.warn("lake {}: undoing the compaction into {} that a crash interrupted", compaction.date(), target);
                undo(compaction);
            }
        }
        iceberg.refresh();
        for (DataFile file : IcebergLake.currentFiles(iceberg.events())) {
            Optional<String> visible = CompactionSteps.visibleOf(file.location());
            if (visible.isPresent() && !open.contains(LakePaths.key(visible.get()))) {
                String partition = LakeStorage.name(LakeStorage.parent(visible.get()));
                LocalDate date = LocalDate.parse(partition.substring("event_date=".length()));
                LOG.warn("lake {}: moving {} to its visible name", date, file.location());
                steps.finish(date, paths.relative(visible.get()), List.of());
            }
        }
    }

    private record Open(LocalDate date, String merged, List<String> replaced) {}

    private List<Open> openCompactions() throws SQLException {
        List<Open> open = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT event_date, merged_path, replaced FROM lake_compactions")) {
            while (rows.next()) {
                List<String> replaced = new ArrayList<>();
                for (Object path : (Object[]) rows.getArray(3).getArray()) {
                    replaced.add((String) path);
                }
                open.add(new Open(rows.getObject(1, LocalDate.class), rows.getString(2), replaced));
            }
        }
        return open;
    }

    /** Whether a compaction got as far as uploading its merged file (or further). */
    private boolean started(String target) throws IOException {
        String hidden = CompactionSteps.hiddenMerged(target);
        if (storage.exists(target) || storage.exists(hidden) || storage.exists(LakeStorage.staged(target))) {
            return true;
        }
        Set<String> names = Set.of(LakePaths.key(target), LakePaths.key(hidden));
        return IcebergLake.currentFiles(iceberg.events()).stream()
                .anyMatch(f -> names.contains(LakePaths.key(f.location())));
    }

    /** Puts back replaced files an earlier version hid before its merged file was in place; forgets the record. */
    private void undo(Open compaction) throws SQLException, IOException {
        for (String path : compaction.replaced()) {
            String file = paths.resolve(path);
            String hidden = LakeStorage.hidden(file, CompactionSteps.REPLACED);
            if (storage.exists(hidden)) {
                storage.rename(hidden, file);
            }
        }
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM lake_compactions WHERE event_date = ?")) {
            delete.setObject(1, compaction.date());
            delete.execute();
        }
    }

    private List<LocalDate> dates() throws SQLException {
        List<LocalDate> dates = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event_date FROM lake_files GROUP BY event_date "
                        + "HAVING count(*) > 1 ORDER BY event_date")) {
            while (rows.next()) {
                dates.add(rows.getObject(1, LocalDate.class));
            }
        }
        return dates;
    }

    private List<LakeFile> files(LocalDate date) throws SQLException {
        List<LakeFile> files = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT path, row_count, size_bytes, min_batch_id, "
                + "max_batch_id FROM lake_files WHERE event_date = ? ORDER BY min_batch_id")) {
            query.setObject(1, date);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    files.add(new LakeFile(
                            rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)));
                }
            }
        }
        return files;
    }
}
