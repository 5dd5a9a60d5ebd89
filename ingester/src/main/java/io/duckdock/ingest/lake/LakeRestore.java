package io.duckdock.ingest.lake;

import io.duckdock.config.WarehouseConfig;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.Warehouse;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.lake.iceberg.LakeSchemas;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.Schema;

/**
 * Builds a new warehouse from the lake alone: the events of the current snapshot with their
 * sequence, offset and batch, the conversation heads, the file ledger and the batch history of every
 * published batch, the lake ledger, then the views. The database is written beside the target under a
 * temporary name and renamed into place only when complete, under the ingester lock, so no ingester
 * runs meanwhile.
 *
 * <p>On a remote lake every file is read through a copy in the spool ({@link LakeStorage#fetch}), a
 * step of {@value #FILES_PER_STEP} files at a time, deleted after its step: the spool holds at most one
 * step's files, and none after the restore, whether it succeeded or failed. A crashed restore's copies
 * are cleared when the next one starts.
 */
public final class LakeRestore {
    /** Events are inserted this many files at a time, so that progress can be reported. */
    private static final int FILES_PER_STEP = 8;

    /** What a restore reports while it runs. */
    public interface Progress {
        /** A step starts, e.g. "events". */
        void step(String name);

        /** {@code done} of {@code total} events are in the new warehouse. */
        void events(long done, long total);
    }

    public record Result(
            long events, long batches, long files, long conversations, long lastBatchId, Duration elapsed) {}

    private LakeRestore() {}

    /**
     * @throws LakeException (configuration) when the lake holds no events table; (internal) when reading
     *                       the lake or writing the database fails, leaving any existing database untouched
     */
    public static Result restore(
            IngesterLock lock, Path lake, String database, WarehouseConfig config, Progress progress) {
        return restore(lock, LakeStorage.local(lake), database, config, progress);
    }

    /**
     * Restores from the lake on {@code lake}'s file system, local or remote, first putting the lake's
     * files in line with its snapshot (a compaction or publication a crash interrupted): for a single
     * node, whose ingester lock {@code lock} is.
     */
    public static Result restore(
            IngesterLock lock, LakeStorage lake, String database, WarehouseConfig config, Progress progress) {
        return restore(lock, lake, database, config, progress, true);
    }

    /**
     * Restores from the lake on {@code lake}'s file system, local or remote.
     *
     * @param repairLake whether to put the lake's files in line with its snapshot first; false on a
     *     node of a cluster, where another node may be writing the lake meanwhile (its writer repairs it)
     * @throws LakeException (configuration) when the lake holds no events table; (internal) when reading
     *                       the lake or writing the database fails, leaving any existing database untouched
     */
    public static Result restore(
            IngesterLock lock,
            LakeStorage lake,
            String database,
            WarehouseConfig config,
            Progress progress,
            boolean repairLake) {
        Objects.requireNonNull(lock, "restore needs the ingester lock of the home");
        long start = System.nanoTime();
        IcebergLake iceberg = IcebergLake.at(lake);
        if (!iceberg.exists()) {
            throw new LakeException(
                    ErrorCategory.CONFIGURATION,
                    "No Iceberg table at " + iceberg.location(IcebergLake.EVENTS)
                            + ": nothing to restore from; check lake.dir and --home");
        }
        Path target = Path.of(database);
        Path temp = target.resolveSibling(target.getFileName() + ".restoring");
        try {
            progress.step("reading the lake's current snapshot");
            lake.clearSpool();
            LakeSnapshot snapshot = repairLake ? LakeSnapshot.open(iceberg, lake) : LakeSnapshot.read(iceberg);
            Files.deleteIfExists(temp);
            Files.deleteIfExists(Path.of(temp + ".wal"));
            long[] counts;
            try (Connection connection = Warehouse.openForWriting(temp.toString(), config, Duration.ZERO)) {
                counts = fill(connection, snapshot, lake, progress);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CHECKPOINT");
                }
            }
            Files.deleteIfExists(Path.of(database + ".wal"));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Result(
                    counts[0],
                    counts[1],
                    counts[2],
                    counts[3],
                    snapshot.publishedUpTo(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException | IOException | RuntimeException e) {
            if (e instanceof LakeException lakeException) {
                throw lakeException;
            }
            throw new LakeException(
                    "Cannot restore " + database + " from the lake " + lake + ": " + e.getMessage()
                            + "; the existing database, if any, is untouched",
                    e);
        }
    }

    private static long[] fill(Connection connection, LakeSnapshot snapshot, LakeStorage lake, Progress progress)
            throws SQLException, IOException {
        long upTo = snapshot.publishedUpTo();
        progress.step("batch history");
        long batches = 0;
        for (List<String> step : steps(snapshot.batches())) {
            batches += copy(connection, lake, "ingest_batches", LakeSchemas.BATCHES, step, upTo);
        }
        progress.step("file ledger");
        long files = 0;
        for (List<String> step : steps(snapshot.files())) {
            files += copy(connection, lake, "ingest_files", LakeSchemas.FILES, step, upTo);
        }
        progress.step("events");
        long total = snapshot.eventCount();
        long done = 0;
        progress.events(0, total);
        List<LakeSnapshot.EventFile> events = snapshot.events();
        for (int i = 0; i < events.size(); i += FILES_PER_STEP) {
            List<LakeSnapshot.EventFile> step = events.subList(i, Math.min(events.size(), i + FILES_PER_STEP));
            copy(
                    connection,
                    lake,
                    "events",
                    LakeSchemas.EVENTS,
                    step.stream().map(LakeSnapshot.EventFile::location).toList(),
                    upTo);
            done += step.stream().mapToLong(LakeSnapshot.EventFile::rows).sum();
            progress.events(done, total);
        }
        progress.step("conversation heads and lake ledger");
        long conversations;
        try (Statement statement = connection.createStatement()) {
            conversations = statement.executeLargeUpdate("INSERT INTO conversation_heads SELECT conversation_id, "
                    + "max(sequence), arg_max(batch_id, sequence) FROM events GROUP BY conversation_id");
            statement.execute("INSERT INTO lake_batches SELECT b.batch_id, coalesce(e.files, 0), "
                    + "coalesce(e.events, 0), now()::TIMESTAMP FROM ingest_batches b LEFT JOIN (SELECT batch_id, "
                    + "count(DISTINCT CAST(\"timestamp\" AS DATE)) AS files, count(*) AS events FROM events "
                    + "GROUP BY batch_id) e USING (batch_id)");
        }
        LakePaths paths = new LakePaths(lake.root());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lake_files VALUES " + "(?, CAST(? AS DATE), ?, ?, ?, ?, now()::TIMESTAMP)")) {
            for (LakeSnapshot.EventFile file : events) {
                insert.setString(1, paths.relative(file.location()));
                insert.setString(2, file.partition().substring("event_date=".length()));
                insert.setLong(3, file.rows());
                insert.setLong(4, file.bytes());
                insert.setLong(5, file.minBatch());
                insert.setLong(6, file.maxBatch());
                insert.execute();
            }
        }
        return new long[] {total, batches, files, conversations};
    }

    private static List<List<String>> steps(List<String> files) {
        List<List<String>> steps = new ArrayList<>();
        for (int i = 0; i < files.size(); i += FILES_PER_STEP) {
            steps.add(files.subList(i, Math.min(files.size(), i + FILES_PER_STEP)));
        }
        return steps;
    }

    /**
     * Inserts the rows of published batches from the lake files at {@code locations} into {@code table},
     * each read through a local path that is released afterwards; returns the rows.
     */
    private static long copy(
            Connection connection, LakeStorage lake, String table, Schema schema, List<String> locations, long upTo)
            throws SQLException, IOException {
        if (locations.isEmpty()) {
            return 0;
        }
        List<LakeStorage.LocalFile> local = new ArrayList<>();
        try {
            for (String location : locations) {
                local.add(lake.fetch(location));
            }
            String columns = LakeSchemas.selectList(schema);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + columns
                    + ") SELECT " + columns + " FROM read_parquet(?, hive_partitioning = false) WHERE batch_id <= ?")) {
                insert.setArray(
                        1,
                        connection.createArrayOf(
                                "VARCHAR",
                                local.stream().map(f -> f.path().toString()).toArray()));
                insert.setLong(2, upTo);
                return insert.executeLargeUpdate();
            }
        } finally {
            LakeStorage.release(local);
        }
    }
}
