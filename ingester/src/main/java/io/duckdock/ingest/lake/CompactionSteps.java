package io.duckdock.ingest.lake;

import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.lake.iceberg.DataFileFactory;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.sql.Transactions;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * A compaction of one partition after its merged file is uploaded beside its target ({@code .part-a-b.parquet.tmp})
 * and recorded in {@code lake_compactions}. The order of the steps keeps both reader guarantees at every moment:
 *
 * <ol>
 *   <li>the upload is renamed to {@code .part-a-b.parquet.merged}: hidden from the glob;
 *   <li>commit {@code merge}: one Iceberg rewrite replaces the partition's replaced files by that hidden file,
 *       whose rows are theirs; the only commit that changes what a snapshot holds;
 *   <li>a second name for its bytes is staged ({@code .part-a-b.parquet.tmp}: a hard link on a local lake, a copy
 *       on a remote one);
 *   <li>the replaced files leave the glob ({@code .name.replaced});
 *   <li>the staged name is renamed to {@code part-a-b.parquet}: the glob sees the merged events again;
 *   <li>commit {@code rename}: the table's entry moves from the hidden name to the visible one (same bytes);
 *   <li>{@code lake_files} swapped and the compaction forgotten in one warehouse transaction;
 *   <li>the hidden files deleted.
 * </ol>
 *
 * Every file the current snapshot names exists at every moment (the replaced files until 2, the hidden file
 * from 1 to 8, the visible one from 5), so an Iceberg reader of the current snapshot never fails and never
 * sees an event twice; the glob sees the replaced files until 4 and the merged one from 5, never both (it
 * misses the partition's merged events between 4 and 5, two renames). A single commit cannot give both: the
 * glob would have to stop seeing the replaced files before the commit that stops naming them. Every step is
 * idempotent: {@link #finish} run again after a crash anywhere goes on from where the lake stands.
 */
final class CompactionSteps {
    private static final Logger LOG = LoggerFactory.getLogger(CompactionSteps.class);
    static final String REPLACED = ".replaced";
    static final String MERGED = ".merged";

    /** Called after each step, for tests that read the lake or stop the compaction there. */
    interface Probe {
        Probe NONE = step -> {};

        void reached(String step) throws IOException;
    }

    private final Connection connection;
    private final LakeStorage storage;
    private final LakePaths paths;
    private final IcebergLake iceberg;
    private final Clock clock;
    private final WriteFence fence;
    private final Probe probe;
    private final StringBuilder times = new StringBuilder();
    private long last;

    CompactionSteps(
            Connection connection,
            LakeStorage storage,
            IcebergLake iceberg,
            Clock clock,
            WriteFence fence,
            Probe probe) {
        this.connection = connection;
        this.storage = storage;
        this.paths = new LakePaths(storage.root());
        this.iceberg = iceberg;
        this.clock = clock;
        this.fence = fence;
        this.probe = probe;
    }

    /** The hidden name the merged file at {@code target} has until its {@code rename} commit. */
    static String hiddenMerged(String target) {
        return LakeStorage.hidden(target, MERGED);
    }

    /** The visible name of a hidden merged file, when {@code location} is one. */
    static Optional<String> visibleOf(String location) {
        String name = LakeStorage.name(location);
        if (!name.startsWith(".") || !name.endsWith(".parquet" + MERGED)) {
            return Optional.empty();
        }
        return Optional.of(
                LakeStorage.child(LakeStorage.parent(location), name.substring(1, name.length() - MERGED.length())));
    }

    /**
     * Steps 3 and 5 (and 4 when {@code replaced} is given): the merged file's visible name, made from its
     * hidden one unless it exists, never while a replaced file is still visible.
     */
    static void show(LakeStorage storage, String hidden, String target, List<String> replaced, Probe probe)
            throws IOException {
        if (storage.exists(target)) {
            hide(storage, replaced, target);
            return;
        }
        // a staged name a crash left may be a partial copy: made afresh
        String staged = LakeStorage.staged(target);
        storage.copy(hidden, staged);
        probe.reached("copy staged");
        hide(storage, replaced, target);
        probe.reached("replaced hidden");
        storage.rename(staged, target);
        probe.reached("merged shown");
    }

    private static void hide(LakeStorage storage, List<String> replaced, String target) throws IOException {
        for (String file : replaced) {
            if (!file.equals(target) && storage.exists(file)) {
                storage.rename(file, LakeStorage.hidden(file, REPLACED));
            }
        }
    }

    /**
     * Steps 1 to 8, going on from wherever an earlier attempt stopped.
     *
     * @return the milliseconds of each step, for the compaction's log line
     */
    String finish(LocalDate date, String merged, List<String> replaced) throws SQLException, IOException {
        times.setLength(0);
        last = System.nanoTime();
        String target = paths.resolve(merged);
        String hidden = hiddenMerged(target);
        List<String> replacedFiles = replaced.stream().map(paths::resolve).toList();
        // a writer deposed during the download, merge and upload must not touch files its successor's snapshot
        // names; nor may anyone commit over a table that no longer names every replaced file
        fence.check();
        iceberg.refresh();
        Table events = iceberg.events();
        // one read of the partition's entries: every later state follows from this attempt's own commits
        List<DataFile> current = IcebergLake.currentFiles(events, date);
        DataFile file = entry(current, target).orElse(null);
        Optional<DataFile> entry = entry(current, hidden);
        if (file == null && entry.isEmpty()) {
            List<DataFile> old = namedReplaced(date, current, target, replacedFiles);
            String staged = LakeStorage.staged(target);
            if (!storage.exists(hidden) && storage.exists(staged)) {
                storage.rename(staged, hidden);
            }
            reached("merged hidden");
            if (storage.exists(hidden)) {
                DataFile hiddenEntry = DataFileFactory.of(events, hidden, "event_date=" + date);
                commit(old, hiddenEntry, "merge");
                entry = Optional.of(hiddenEntry);
                reached("merge committed");
            } else if (storage.exists(target)) {
                // an earlier version renamed the merged file in before its commit, after hiding the replaced files
                show(storage, target, target, replacedFiles, this::reached);
                file = DataFileFactory.of(events, target, "event_date=" + date);
                commit(old, file, "merge");
            } else {
                throw new IllegalStateException("the file merged into " + target + " is gone; nothing to finish");
            }
        }
        if (file == null) {
            show(storage, hidden, target, replacedFiles, this::reached);
            file = DataFileFactory.moved(events, entry.orElseThrow(), target);
            commit(List.of(entry.get()), file, "rename");
            reached("rename committed");
        }
        List<String> gone = new ArrayList<>(replaced);
        gone.add(paths.relative(hidden));
        record(date, merged, gone, file);
        reached("recorded");
        for (String path : replacedFiles) {
            deleteQuietly(date, LakeStorage.hidden(path, REPLACED));
        }
        deleteQuietly(date, hidden);
        return times.toString();
    }

    private void reached(String step) throws IOException {
        long now = System.nanoTime();
        times.append(times.length() == 0 ? "" : ", ")
                .append(step)
                .append(' ')
                .append((now - last) / 1_000_000)
                .append(" ms");
        last = now;
        probe.reached(step);
    }

    private void commit(List<DataFile> replaced, DataFile merged, String step) {
        fence.check();
        iceberg.rewriteEvents(replaced, merged, step);
    }

    /** The replaced files' entries: the table must name every one of them. */
    private static List<DataFile> namedReplaced(
            LocalDate date, List<DataFile> current, String target, List<String> replaced) {
        Set<String> gone = replaced.stream().map(LakePaths::key).collect(Collectors.toSet());
        List<DataFile> named = current.stream()
                .filter(f -> gone.contains(LakePaths.key(f.location())))
                .toList();
        if (named.size() != gone.size() || gone.isEmpty()) {
            throw new IllegalStateException("the events table of " + date + " names " + named.size() + " of the "
                    + gone.size() + " files merged into " + target + " and not the merged file; lake_files and the "
                    + "Iceberg table disagree");
        }
        return named;
    }

    private static Optional<DataFile> entry(List<DataFile> current, String location) {
        String key = LakePaths.key(location);
        return current.stream()
                .filter(f -> LakePaths.key(f.location()).equals(key))
                .findFirst();
    }

    private void record(LocalDate date, String merged, List<String> gone, DataFile file) throws SQLException {
        Transactions.run(connection, () -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM lake_files WHERE list_contains(?::VARCHAR[], path)")) {
                delete.setArray(1, connection.createArrayOf("VARCHAR", gone.toArray()));
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
    }

    private void deleteQuietly(LocalDate date, String file) {
        try {
            storage.delete(file);
        } catch (IOException e) {
            LOG.warn("lake {}: cannot delete {}, no longer needed: {}", date, file, e.toString());
        }
    }
}
