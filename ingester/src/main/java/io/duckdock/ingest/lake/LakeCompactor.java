package io.duckdock.ingest.lake;

import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.lake.iceberg.DataFileFactory;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.lake.iceberg.LakeSchemas;
import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.sql.Transactions;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a partition's small files into files of about the target size. The order of the steps is
 * the reader guarantee: (1) write the merged file under a hidden name (on a remote lake: the partition's
 * files downloaded to the spool, merged there and uploaded under the hidden name), (2) record the compaction,
 * (3) hide the replaced files, (4) rename the merged file in, (5) swap the ledger rows and forget
 * the compaction, (6) delete the hidden replaced files. Between 3 and 4 a reader misses the
 * partition's merged events; it never sees one twice. Between 4 and 5 one Iceberg rewrite commit
 * replaces the files in the events table: every Iceberg snapshot holds each event once; a reader of
 * the snapshot before it that opens a replaced file after step 3 fails with file-not-found (never a
 * wrong row) and retries on the new snapshot. A crash anywhere is finished by {@link #repair}.
 */
final class LakeCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(LakeCompactor.class);
    private static final String REPLACED = ".replaced";

    record LakeFile(String path, long rows, long bytes, long minBatch, long maxBatch) {}

    private final Connection connection;
    private final LakeStorage storage;
    private final LakePaths paths;
    private final IcebergLake iceberg;
    private final long targetBytes;
    private final Clock clock;
    private final WriteFence fence;

    LakeCompactor(
            Connection connection,
            LakeStorage storage,
            IcebergLake iceberg,
            long targetBytes,
            Clock clock,
            WriteFence fence) {
        this.connection = connection;
        this.fence = fence;
        this.storage = storage;
        this.paths = new LakePaths(storage.root());
        this.iceberg = iceberg;
        this.targetBytes = targetBytes;
        this.clock = clock;
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
        finish(date, paths.relative(target), group.stream().map(LakeFile::path).toList());
        LOG.info("lake {}: merged {} files into {}", date, group.size(), LakeStorage.name(target));
    }

    /** Steps 3 to 6, idempotent: safe to run again after a crash at any point. */
    private void finish(LocalDate date, String merged, List<String> replaced) throws SQLException, IOException {
        String target = paths.resolve(merged);
        String temp = LakeStorage.staged(target);
        // a writer deposed during the download, merge and upload must not hide files its successor's snapshot
        // names; nor may anyone hide files the table no longer names all of
        fence.check();
        iceberg.refresh();
        registered(date, target, replaced);
        for (String path : replaced) {
            String file = paths.resolve(path);
            if (storage.exists(file) && !file.equals(target)) {
                storage.rename(file, LakeStorage.hidden(file, REPLACED));
            }
        }
        if (storage.exists(temp)) {
            storage.rename(temp, target);
        }
        DataFile file = rewrite(date, target, replaced);
        Transactions.run(connection, () -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM lake_files WHERE list_contains(?::VARCHAR[], path)")) {
                delete.setArray(1, connection.createArrayOf("VARCHAR", replaced.toArray()));
                delete.execute();
            }
            // the merged file's counts from the metrics its Iceberg entry carries: no read of the file itself
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO lake_files VALUES (?, ?, ?, ?, ?, ?, make_timestamp(?::BIGINT))")) {
                insert.setString(1, merged);
                insert.setObject(2, date);
                insert.setLong(3, file.recordCount());
                insert.setLong(4, file.fileSizeInBytes());
                insert.setLong(5, LakeSnapshot.minBatch(file));
                insert.setLong(6, LakeSnapshot.maxBatch(file));
                insert.setLong(7, Micros.of(clock.instant()));
                insert.execute();
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM lake_compactions WHERE event_date = ?")) {
                delete.setObject(1, date);
                delete.execute();
            }
        });
        for (String path : replaced) {
            String hidden = LakeStorage.hidden(paths.resolve(path), REPLACED);
            try {
                storage.delete(hidden);
            } catch (IOException e) {
                LOG.warn("lake {}: cannot delete replaced file {}: {}", date, hidden, e.toString());
            }
        }
    }

    /**
     * The Iceberg rewrite commit, unless an earlier attempt made it (the merged file is registered).
     *
     * @return the merged file's entry in the events table
     */
    private DataFile rewrite(LocalDate date, String merged, List<String> replaced) {
        Optional<DataFile> done = registered(date, merged, replaced);
        if (done.isPresent()) {
            return done.get();
        }
        Table events = iceberg.events();
        Set<String> gone = replaced.stream()
                .map(path -> LakePaths.key(paths.resolve(path)))
                .collect(Collectors.toSet());
        List<DataFile> old = IcebergLake.currentFiles(events).stream()
                .filter(f -> gone.contains(LakePaths.key(f.location())))
                .toList();
        DataFile file = DataFileFactory.of(events, merged, "event_date=" + date);
        fence.check();
        iceberg.rewriteEvents(old, file);
        return file;
    }

    /**
     * The merged file's entry when an earlier attempt committed the rewrite; empty when the table still
     * names every replaced file.
     *
     * @throws IllegalStateException when the table names neither: committing would name the merged events
     *     beside files still in the table, or without some; nothing is touched
     */
    private Optional<DataFile> registered(LocalDate date, String merged, List<String> replaced) {
        Table events = iceberg.events();
        String mergedKey = LakePaths.key(merged);
        Set<String> gone = replaced.stream()
                .map(path -> LakePaths.key(paths.resolve(path)))
                .collect(Collectors.toSet());
        List<DataFile> current = IcebergLake.currentFiles(events);
        for (DataFile file : current) {
            if (LakePaths.key(file.location()).equals(mergedKey)) {
                return Optional.of(file);
            }
        }
        long named = current.stream()
                .filter(f -> gone.contains(LakePaths.key(f.location())))
                .count();
        if (named != gone.size()) {
            throw new IllegalStateException("the events table of " + date + " names " + named + " of the " + gone.size()
                    + " files merged into " + merged + "; lake_files and the Iceberg table disagree");
        }
        return Optional.empty();
    }

    /** Finishes compactions a crash interrupted, or undoes one whose merged file never got written. */
    void repair() throws SQLException, IOException {
        List<Object[]> open = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT event_date, merged_path, replaced FROM lake_compactions")) {
            while (rows.next()) {
                Array replaced = rows.getArray(3);
                List<String> paths = new ArrayList<>();
                for (Object path : (Object[]) replaced.getArray()) {
                    paths.add((String) path);
                }
                open.add(new Object[] {rows.getObject(1, LocalDate.class), rows.getString(2), paths});
            }
        }
        for (Object[] compaction : open) {
            LocalDate date = (LocalDate) compaction[0];
            String merged = (String) compaction[1];
            @SuppressWarnings("unchecked")
            List<String> replaced = (List<String>) compaction[2];
            String target = paths.resolve(merged);
            if (storage.exists(target) || storage.exists(LakeStorage.staged(target))) {
                LOG.warn("lake {}: finishing the compaction into {} that a crash interrupted", date, merged);
                finish(date, merged, replaced);
            } else {
                LOG.warn("lake {}: undoing the compaction into {} that a crash interrupted", date, merged);
                for (String path : replaced) {
                    String hidden = LakeStorage.hidden(paths.resolve(path), REPLACED);
                    if (storage.exists(hidden)) {
                        storage.rename(hidden, paths.resolve(path));
                    }
                }
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM lake_compactions WHERE event_date = ?")) {
                    delete.setObject(1, date);
                    delete.execute();
                }
            }
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
