package io.duckdock.ingest.lake;

import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.lake.iceberg.LakeSchemas;
import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.sql.Transactions;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a warehouse a replica of the shared lake: applies the batches the lake's current snapshot
 * holds after the warehouse's last published batch, oldest first, a few batches per transaction, with
 * everything a batch wrote (events with their sequence, offset and batch id, file ledger rows, the
 * batch row, conversation heads, {@code lake_batches}), and keeps {@code lake_files} equal to the
 * lake's current files. Batches the warehouse committed but never published (its node crashed or was
 * deposed before publishing them) are discarded first: their files are still staged, and the lake's
 * batches of those ids are the ones that count. Transactions stay short so that read-only analysts
 * wait little; the caller opens and closes the database around each pass.
 */
public final class LakeCatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(LakeCatchUp.class);
    private static final int EVENTS_BATCH_ID = 9;
    private static final int FILES_BATCH_ID = 7;
    private static final int BATCHES_BATCH_ID = 1;

    /**
     * What one pass found and did.
     *
     * @param replicaBatch the last batch the warehouse holds after the pass
     * @param lakeBatch the last batch in the lake when the pass read it
     * @param lag the longest a batch applied by this pass had been in the lake; zero when none
     */
    public record Pass(long replicaBatch, long lakeBatch, int applied, long discarded, Duration lag) {
        public long behind() {
            return Math.max(0, lakeBatch - replicaBatch);
        }
    }

    private final IcebergLake iceberg;
    private final LakeStorage lake;
    /** lake.dir, for messages. */
    private final String where;

    private final Clock clock;
    private final int batchesPerTransaction;
    private long syncedSnapshot = -1;
    /** Whether the warehouse's last published batch was found to be the lake's (checked once). */
    private boolean verified;

    private LakeCatchUp(LakeStorage lake, String where, Clock clock, int batchesPerTransaction) {
        this.iceberg = IcebergLake.at(lake);
        this.lake = lake;
        this.where = where;
        this.clock = clock;
        this.batchesPerTransaction = batchesPerTransaction;
    }

    /** @param batchesPerTransaction how many batches one transaction applies at most (>= 1) */
    public static LakeCatchUp of(Path lake, Clock clock, int batchesPerTransaction) {
        return of(LakeStorage.local(lake), lake.toString(), clock, batchesPerTransaction);
    }

    /**
     * A catch-up from a lake on any file system: a remote lake's files are read through spool copies,
     * released after each statement.
     *
     * @param where lake.dir as the user gave it, for messages
     * @param batchesPerTransaction how many batches one transaction applies at most (>= 1)
     */
    public static LakeCatchUp of(LakeStorage lake, String where, Clock clock, int batchesPerTransaction) {
        return new LakeCatchUp(lake, where, clock, Math.max(1, batchesPerTransaction));
    }

    /**
     * Puts the lake's files back in line with its current snapshot (a compaction a crashed writer left
     * half done): for the node about to write the lake, never while another node may write it.
     */
    public void repairForWriting() {
        if (!iceberg.exists()) {
            return;
        }
        try {
            iceberg.refresh();
            LakeSnapshot.open(iceberg, lake);
        } catch (IOException | RuntimeException e) {
            throw new LakeException("Cannot repair the lake " + where + " before writing it: " + e.getMessage(), e);
        }
    }

    /**
     * Applies at most {@code maxBatches} of the batches the warehouse lacks.
     *
     * @throws LakeException (configuration) when the warehouse holds published batches the lake does
     *     not (lake.dir is not the lake this warehouse published to); (internal) when the lake cannot be
     *     read, e.g. a file a compaction replaced meanwhile: the next pass reads the new snapshot
     */
    public Pass run(Connection connection, int maxBatches) {
        try {
            long published = scalar(connection, "SELECT coalesce(max(batch_id), 0) FROM lake_batches");
            if (!iceberg.exists()) {
                if (published > 0) {
                    throw new LakeException(
                            ErrorCategory.CONFIGURATION,
                            "The warehouse holds batches up to " + published + " published to a lake, but there is "
                                    + "no lake at " + where + ": every node of a cluster must use the same lake.dir; "
                                    + "check lake.dir");
                }
                return new Pass(published, 0, 0, ReplicaRewind.discardAfter(connection, published), Duration.ZERO);
            }
            iceberg.refresh();
            Table events = iceberg.events();
            long lakeBatch = IcebergLake.publishedUpTo(events);
            if (lakeBatch < published) {
                throw new LakeException(
                        ErrorCategory.CONFIGURATION,
                        "The warehouse holds batches up to " + published + " published to a lake, but the lake "
                                + where + " only up to " + lakeBatch
                                + ": every node of a cluster must use the same "
                                + "lake.dir; check lake.dir (or restore this node's warehouse from the lake)");
            }
            if (!verified && published > 0) {
                checkSameLake(connection, events, published);
            }
            verified = true;
            long discarded = ReplicaRewind.discardAfter(connection, published);
            long target = Math.min(lakeBatch, published + Math.max(1, maxBatches));
            int applied = 0;
            Duration lag = Duration.ZERO;
            if (target > published) {
                List<DataFile> eventFiles = IcebergLake.currentFiles(events);
                List<DataFile> fileRows = IcebergLake.currentFiles(iceberg.files());
                List<DataFile> batchRows = IcebergLake.currentFiles(iceberg.batches());
                Map<Long, Long> times = IcebergLake.publicationTimes(events, published);
                for (long from = published; from < target; ) {
                    long to = Math.min(target, from + batchesPerTransaction);
                    long after = from;
                    Transactions.run(connection, () -> {
                        copy(connection, "ingest_batches", LakeSchemas.BATCHES, batchRows, BATCHES_BATCH_ID, after, to);
                        copy(connection, "ingest_files", LakeSchemas.FILES, fileRows, FILES_BATCH_ID, after, to);
                        long rows =
                                copy(connection, "events", LakeSchemas.EVENTS, eventFiles, EVENTS_BATCH_ID, after, to);
                        record(connection, after, to, rows, Micros.of(clock.instant()));
                    });
                    long now = clock.millis();
                    for (long batch = from + 1; batch <= to; batch++) {
                        Long at = times.get(batch);
                        if (at != null && now - at > lag.toMillis()) {
                            lag = Duration.ofMillis(now - at);
                        }
                    }
                    applied += (int) (to - from);
                    from = to;
                }
            }
            if (target == lakeBatch
                    && events.currentSnapshot() != null
                    && events.currentSnapshot().snapshotId() != syncedSnapshot) {
                LakeFileList.sync(connection, iceberg.location(IcebergLake.EVENTS), IcebergLake.currentFiles(events));
                syncedSnapshot = events.currentSnapshot().snapshotId();
            }
            return new Pass(target, lakeBatch, applied, discarded, lag);
        } catch (LakeException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            throw new LakeException(
                    "Cannot catch up with the lake " + where + ": " + e.getMessage() + "; the next pass retries", e);
        }
    }

    /**
     * A warehouse built from another lake (a node's own lake before it joined the cluster) has batches
     * with the same ids but other contents: applying the lake's later batches on top would mix them.
     */
    private void checkSameLake(Connection connection, Table events, long published) throws SQLException {
        String mine = BatchFingerprint.of(connection, published);
        java.util.Optional<String> lakes = IcebergLake.fingerprint(events, published);
        if (lakes.isPresent() && !lakes.get().equals(mine)) {
            throw new LakeException(
                    ErrorCategory.CONFIGURATION,
                    "Batch " + published + " of the warehouse is not the lake's batch " + published + " (fingerprint "
                            + mine + ", the lake's " + lakes.get() + "): this warehouse was not built from the lake "
                            + where + "; rebuild it with duckdock restore --force, or check lake.dir");
        }
    }

    /** Inserts the rows of batches {@code after + 1 .. to} from the lake files that may hold some. */
    private long copy(
            Connection connection,
            String table,
            Schema schema,
            List<DataFile> files,
            int batchField,
            long after,
            long to)
            throws SQLException {
        List<LakeStorage.LocalFile> local = new ArrayList<>();
        try {
            for (DataFile file : files) {
                if (bound(file.upperBounds().get(batchField), Long.MAX_VALUE) > after
                        && bound(file.lowerBounds().get(batchField), 0) <= to) {
                    try {
                        // the one way the catch-up reads a lake file: in place on a local lake, a spool copy otherwise
                        local.add(lake.fetch(file.location()));
                    } catch (IOException e) {
                        throw new SQLException("Cannot read the lake file " + file.location() + ": " + e, e);
                    }
                }
            }
            if (local.isEmpty()) {
                return 0;
            }
            String columns = LakeSchemas.selectList(schema);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + columns
                    + ") SELECT " + columns + " FROM read_parquet(?, hive_partitioning = false) "
                    + "WHERE batch_id > ? AND batch_id <= ?")) {
                insert.setArray(
                        1,
                        connection.createArrayOf(
                                "VARCHAR",
                                local.stream().map(f -> f.path().toString()).toArray()));
                insert.setLong(2, after);
                insert.setLong(3, to);
                return insert.executeLargeUpdate();
            }
        } finally {
            release(local);
        }
    }

    /** Best effort: a spool copy left behind is removed by the next process's spool clearing. */
    private static void release(List<LakeStorage.LocalFile> files) {
        try {
            LakeStorage.release(files);
        } catch (IOException e) {
            LOG.warn("replica: cannot delete a spool copy: {}", e.toString());
        }
    }

    /** Conversation heads and {@code lake_batches} of the batches just copied; checks no event is missing. */
    private static void record(Connection connection, long after, long to, long rows, long nowMicros)
            throws SQLException {
        try (PreparedStatement check = connection.prepareStatement(
                "SELECT coalesce(sum(events_ingested), 0) FROM ingest_batches WHERE batch_id > ? AND batch_id <= ?")) {
            check.setLong(1, after);
            check.setLong(2, to);
            try (ResultSet result = check.executeQuery()) {
                result.next();
                if (result.getLong(1) != rows) {
                    throw new SQLException("batches " + (after + 1) + ".." + to + " ingested " + result.getLong(1)
                            + " events but the lake's files hold " + rows + " of them");
                }
            }
        }
        String range = " WHERE batch_id > " + after + " AND batch_id <= " + to;
        try (Statement statement = connection.createStatement()) {
            // conversation_heads has no key to replace rows by (see schema.sql)
            statement.execute("DELETE FROM conversation_heads WHERE conversation_id IN (SELECT conversation_id FROM "
                    + "events" + range + ")");
            statement.execute("INSERT INTO conversation_heads SELECT conversation_id, max(sequence), "
                    + "arg_max(batch_id, sequence) FROM events" + range + " GROUP BY conversation_id");
            // published_at: when this replica got the batch
            statement.execute("INSERT INTO lake_batches SELECT b.batch_id, coalesce(e.files, 0), coalesce(e.events, 0),"
                    + " make_timestamp(" + nowMicros + "::BIGINT) FROM (SELECT batch_id FROM ingest_batches" + range
                    + ") b LEFT JOIN (SELECT "
                    + "batch_id, count(DISTINCT CAST(\"timestamp\" AS DATE)) AS files, count(*) AS events FROM events"
                    + range + " GROUP BY batch_id) e USING (batch_id)");
        }
    }

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long bound(java.nio.ByteBuffer buffer, long unknown) {
        return buffer == null ? unknown : Conversions.<Long>fromByteBuffer(Types.LongType.get(), buffer);
    }
}
