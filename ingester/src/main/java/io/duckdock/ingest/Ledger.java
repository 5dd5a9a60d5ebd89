package io.duckdock.ingest;

import io.duckdock.ingest.sql.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of the file ledger ({@code ingest_files}) and of the numbering state. */
final class Ledger {
    private Ledger() {}

    /** A ledger row of a fingerprint seen before. */
    record Entry(
            String fingerprint, String stagedPath, long modifiedMicros, long size, FileStatus status, String reason) {
        /** Whether this row was written for exactly this staged file, which is still waiting to be moved. */
        boolean describes(StagedFile file) {
            return stagedPath.equals(file.path())
                    && size == file.size()
                    && modifiedMicros == Micros.of(file.modified());
        }
    }

    static Map<String, List<Entry>> byFingerprint(Connection connection, Collection<String> fingerprints)
            throws SQLException {
        Map<String, List<Entry>> entries = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT fingerprint, staged_path, epoch_us(modified_at), size_bytes, status, reason FROM ingest_files "
                        + "WHERE fingerprint IN (SELECT unnest(?::VARCHAR[]))")) {
            query.setArray(1, connection.createArrayOf("VARCHAR", fingerprints.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Entry entry = new Entry(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getLong(3),
                            rows.getLong(4),
                            FileStatus.fromSql(rows.getString(5)),
                            rows.getString(6));
                    entries.computeIfAbsent(entry.fingerprint(), f -> new ArrayList<>())
                            .add(entry);
                }
            }
        }
        return entries;
    }

    static long lastBatchId(Connection connection) throws SQLException {
        return scalar(connection, "SELECT coalesce(max(batch_id), 0) FROM ingest_batches");
    }

    static long lastOffset(Connection connection) throws SQLException {
        return scalar(connection, "SELECT coalesce(max(last_offset), 0) FROM ingest_batches");
    }

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
