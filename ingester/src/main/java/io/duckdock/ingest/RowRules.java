package io.duckdock.ingest;

import io.duckdock.ingest.sql.SqlText;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-row contract of an event, checked in one scan of a group of files with lenient casts, so
 * that the first bad row of each file can be named. Needs the batch's {@value Batch#FILES_TABLE}.
 */
final class RowRules {
    private static final String CHECK = """
            SELECT f.file_index, count(*),
                   count(*) FILTER (WHERE reason IS NOT NULL),
                   arg_min(reason, row_number) FILTER (WHERE reason IS NOT NULL),
                   min(row_number) FILTER (WHERE reason IS NOT NULL),
                   count(event_id) + count(experiment_id) -- reads every column the load reads
            FROM (
                SELECT read_path, row_number, event_id, experiment_id,
                       CASE
                           WHEN conversation_id IS NULL OR trim(conversation_id) = ''
                               THEN 'conversation_id is null or empty'
                           WHEN event_type IS NULL OR trim(event_type) = '' THEN 'event_type is null or empty'
                           WHEN ts IS NULL THEN 'timestamp is null'
                           WHEN event_id_invalid THEN 'event_id is not a UUID'
                           WHEN event_data IS NOT NULL AND NOT json_valid(event_data)
                               THEN 'event_data is not valid JSON'
                       END AS reason
                FROM (%s)
            ) r
            JOIN %s f ON f.read_path = r.read_path
            GROUP BY f.file_index
            """;

    /** A file's row count, bad rows and the reason naming its first bad row. */
    record FileCheck(long rows, long badRows, String reason) {}

    private RowRules() {}

    static Map<Integer, FileCheck> check(Connection connection, ColumnPlan plan, Array paths) throws SQLException {
        Map<Integer, FileCheck> checks = new HashMap<>();
        try (PreparedStatement query =
                connection.prepareStatement(CHECK.formatted(plan.select(false), Batch.FILES_TABLE))) {
            query.setArray(1, paths);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long bad = rows.getLong(3);
                    String reason = bad == 0
                            ? ""
                            : "has invalid rows: row " + (rows.getLong(5) + 1) + ": " + rows.getString(4)
                                    + (bad > 1 ? " (and " + (bad - 1) + " more bad rows)" : "");
                    checks.put(rows.getInt(1), new FileCheck(rows.getLong(2), bad, reason));
                }
            }
        }
        return checks;
    }

    /**
     * Row checks of a group of files in one scan, or file by file when the scan fails; a file that
     * fails alone is put in {@code rejected} with DuckDB's reason.
     */
    static Map<Integer, FileCheck> checkGroup(Connection connection, Batch.Group group, Map<Integer, String> rejected)
            throws SQLException {
        try {
            return check(connection, group.plan(), paths(connection, group.files()));
        } catch (SQLException groupFailure) {
            if (!DuckDbErrors.isBadInput(groupFailure)) {
                throw groupFailure;
            }
            Map<Integer, FileCheck> checks = new HashMap<>();
            for (Batch.File file : group.files()) {
                try {
                    checks.putAll(check(connection, group.plan(), paths(connection, List.of(file))));
                } catch (SQLException e) {
                    if (!DuckDbErrors.isBadInput(e)) {
                        throw e;
                    }
                    rejected.put(file.index(), "cannot be loaded: " + SqlText.duckDbMessage(e));
                }
            }
            return checks;
        }
    }

    private static Array paths(Connection connection, List<Batch.File> files) throws SQLException {
        return connection.createArrayOf(
                "VARCHAR", files.stream().map(Batch.File::readPath).toArray());
    }
}
