package io.duckdock.ingest.lake;

import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.lake.iceberg.DataFileFactory;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.lake.iceberg.LakeSchemas;
import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.sql.Transactions;
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
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;

/**
 * Publishes committed batches, oldest first, each in this order:
 * <ol>
 *   <li>its events as {@code events/event_date=D/batch-<id>.parquet} (COPY with Iceberg field ids to a
 *       hidden name, then rename: plain-glob readers see whole files only; on a remote lake the COPY
 *       goes to the local spool, which is uploaded under the hidden name);</li>
 *   <li>its ledger rows and batch row as {@code ingest_files/data/batch-<id>.parquet} and
 *       {@code ingest_batches/data/batch-<id>.parquet}, each replacing in one commit whatever rows an
 *       unpublished attempt left above the published mark;</li>
 *   <li>one append commit of the events table naming the batch: this is the publication;</li>
 *   <li>{@code lake_files} and {@code lake_batches} in the warehouse, in one transaction.</li>
 * </ol>
 * A batch the events table already names (a crash between steps 3 and 4) skips to step 4, so it is
 * never appended twice and no registered file is ever rewritten; but only when the events commit
 * carries this writer's {@link BatchFingerprint}: a batch id another node published fails. The
 * fence is checked before each of the three commits.
 */
final class LakePublisher {
    private static final String PENDING = """
            SELECT batch_id FROM ingest_batches
            WHERE batch_id NOT IN (SELECT batch_id FROM lake_batches)
            ORDER BY batch_id
            """;

    record Written(LocalDate date, long rows) {}

    private final Connection connection;
    private final LakeStorage storage;
    private final LakePaths paths;
    private final IcebergLake iceberg;
    private final Clock clock;
    private final WriteFence fence;

    LakePublisher(Connection connection, LakeStorage storage, IcebergLake iceberg, Clock clock, WriteFence fence) {
        this.connection = connection;
        this.storage = storage;
        this.paths = new LakePaths(storage.root());
        this.iceberg = iceberg;
        this.clock = clock;
        this.fence = fence;
    }

    List<Long> pending() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(PENDING)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /**
     * Registers a lake published before it was an Iceberg table: when the events table does not exist
     * yet but {@code lake_files} lists files, one append names them all (read through the name mapping,
     * as they carry no field ids), after the ledger of every batch up to the last published one.
     *
     * @return whether there was such a lake
     */
    boolean migrate() throws SQLException, IOException {
        if (iceberg.exists()) {
            return false;
        }
        List<Object[]> listed = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT path, event_date FROM lake_files ORDER BY path")) {
            while (rows.next()) {
                listed.add(new Object[] {rows.getString(1), rows.getObject(2, LocalDate.class)});
            }
        }
        if (listed.isEmpty()) {
            return false;
        }
        long upTo;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT max(batch_id) FROM lake_batches")) {
            rows.next();
            upTo = rows.getLong(1);
        }
        Table events = iceberg.events();
        List<DataFile> files = new ArrayList<>();
        for (Object[] file : listed) {
            files.add(DataFileFactory.of(events, paths.resolve((String) file[0]), "event_date=" + file[1]));
        }
        String range = " WHERE batch_id <= " + upTo;
        Table ledger = iceberg.files();
        iceberg.replaceLedger(ledger, 0, upTo, ledger(IcebergLake.FILES, LakeSchemas.FILES, ledger, range, upTo));
        Table history = iceberg.batches();
        iceberg.replaceLedger(history, 0, upTo, ledger(IcebergLake.BATCHES, LakeSchemas.BATCHES, history, range, upTo));
        iceberg.appendEvents(upTo, files, null);
        return true;
    }

    /** Publishes one batch; returns the rows it has in the lake. */
    long publish(long batchId) throws SQLException, IOException {
        List<Written> dates = dates(batchId);
        Table events = iceberg.events();
        long after = IcebergLake.publishedUpTo(events);
        String fingerprint = BatchFingerprint.of(connection, batchId);
        boolean appended = false;
        if (after < batchId) {
            List<DataFile> files = new ArrayList<>();
            for (Written written : dates) {
                String target = target(batchId, written);
                // batchId and the date are values DuckDock generated; COPY takes no bind parameters. No ORDER
                // BY: the rows stream from the table to the file instead of being sorted in memory first.
                copy(
                        "SELECT " + LakeSchemas.selectList(LakeSchemas.EVENTS) + " FROM events WHERE batch_id = "
                                + batchId + " AND CAST(\"timestamp\" AS DATE) = DATE '" + written.date() + "'",
                        LakeSchemas.EVENTS,
                        target,
                        () -> checkStillUnpublished(batchId, fingerprint));
                files.add(DataFileFactory.of(events, target, "event_date=" + written.date()));
            }
            String range = " WHERE batch_id > " + after + " AND batch_id <= " + batchId;
            Table ledger = iceberg.files();
            DataFile ledgerFile = ledger(IcebergLake.FILES, LakeSchemas.FILES, ledger, range, batchId);
            fence.check();
            iceberg.replaceLedger(ledger, after, batchId, ledgerFile);
            Table history = iceberg.batches();
            DataFile historyFile = ledger(IcebergLake.BATCHES, LakeSchemas.BATCHES, history, range, batchId);
            fence.check();
            iceberg.replaceLedger(history, after, batchId, historyFile);
            fence.check();
            appended = iceberg.appendEvents(batchId, files, fingerprint);
        }
        if (!appended) {
            BatchFingerprint.verify(events, batchId, fingerprint, fence != WriteFence.OPEN);
        }
        return record(batchId, dates);
    }

    private DataFile ledger(String table, Schema schema, Table iceberg, String range, long batchId)
            throws SQLException, IOException {
        // a name of its own per attempt: a file an unpublished attempt committed to the ledger table stays
        // intact for the snapshots that name it until they expire
        String target = paths.resolve(table + "/data/batch-" + batchId + "-" + UUID.randomUUID() + ".parquet");
        copy(
                "SELECT " + LakeSchemas.selectList(schema) + " FROM " + table + range + " ORDER BY batch_id",
                schema,
                target);
        return DataFileFactory.of(iceberg, target, null);
    }

    /** COPY to a hidden name (or the spool), then the rename that makes the file visible. */
    private void copy(String select, Schema schema, String target) throws SQLException, IOException {
        copy(select, schema, target, () -> {});
    }

    /** As {@link #copy(String, Schema, String)}, running {@code beforeRename} once the file is uploaded, before the rename. */
    private void copy(String select, Schema schema, String target, Runnable beforeRename)
            throws SQLException, IOException {
        try (LakeStorage.LocalFile written = storage.create(target)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("COPY (" + select + ") TO " + LakePaths.literal(written.path()) + " (FORMAT parquet, "
                        + LakeSchemas.fieldIds(schema) + ")");
            }
            storage.publish(written, target, beforeRename);
        }
    }

    /**
     * An events file's name is the batch's, so its rename replaces what an unpublished attempt left there.
     * A deposed writer that was paused while its successor published the same batch id must not replace
     * the successor's registered file: it checks the fence and the table again just before the rename.
     */
    private void checkStillUnpublished(long batchId, String fingerprint) {
        fence.check();
        iceberg.refresh();
        Table events = iceberg.events();
        if (IcebergLake.publishedUpTo(events) >= batchId) {
            BatchFingerprint.verify(events, batchId, fingerprint, fence != WriteFence.OPEN);
            throw new LakeException(
                    ErrorCategory.INGESTER_BUSY,
                    "batch " + batchId + ": the lake's events table was committed by another writer while this"
                            + " node was publishing; this node's files stay in staging for the active node");
        }
    }

    private String target(long batchId, Written written) {
        return LakeStorage.child(paths.partition(written.date()), "batch-" + batchId + ".parquet");
    }

    private List<Written> dates(long batchId) throws SQLException {
        List<Written> dates = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT CAST(\"timestamp\" AS DATE) AS d, count(*) "
                + "FROM events WHERE batch_id = ? GROUP BY d ORDER BY d")) {
            query.setLong(1, batchId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    dates.add(new Written(rows.getObject(1, LocalDate.class), rows.getLong(2)));
                }
            }
        }
        return dates;
    }

    private long record(long batchId, List<Written> dates) throws SQLException, IOException {
        long now = Micros.of(clock.instant());
        long rows = dates.stream().mapToLong(Written::rows).sum();
        List<Long> sizes = new ArrayList<>();
        for (Written written : dates) {
            sizes.add(storage.size(target(batchId, written)));
        }
        Transactions.run(connection, () -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO lake_files VALUES (?, ?, ?, ?, ?, ?, make_timestamp(?::BIGINT))")) {
                for (int i = 0; i < dates.size(); i++) {
                    Written written = dates.get(i);
                    insert.setString(1, paths.relative(target(batchId, written)));
                    insert.setObject(2, written.date());
                    insert.setLong(3, written.rows());
                    insert.setLong(4, sizes.get(i));
                    insert.setLong(5, batchId);
                    insert.setLong(6, batchId);
                    insert.setLong(7, now);
                    insert.execute();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO lake_batches VALUES (?, ?, ?, make_timestamp(?::BIGINT))")) {
                insert.setLong(1, batchId);
                insert.setInt(2, dates.size());
                insert.setLong(3, rows);
                insert.setLong(4, now);
                insert.execute();
            }
        });
        return rows;
    }
}
