package io.duckdock.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The per-row contract of an event, checked in one pass over {@code batch_raw}. */
final class RowRules {
    private static final String FIND_BAD_ROWS = """
            SELECT file_index, reason, count(*) AS bad_rows, min(row_number) AS first_row
            FROM (
                SELECT file_index, row_number,
                       CASE
                           WHEN conversation_id IS NULL OR trim(conversation_id) = ''
                               THEN 'conversation_id is null or empty'
                           WHEN event_type IS NULL OR trim(event_type) = '' THEN 'event_type is null or empty'
                           WHEN ts IS NULL THEN 'timestamp is null'
                           WHEN event_id_invalid THEN 'event_id is not a UUID'
                           WHEN event_data IS NOT NULL AND NOT json_valid(event_data)
                               THEN 'event_data is not valid JSON'
                       END AS reason
                FROM batch_raw
            )
            WHERE reason IS NOT NULL
            GROUP BY file_index, reason
            ORDER BY file_index, first_row
            """;

    private RowRules() {
    }

    /** One reason per file that has bad rows: the first bad row (1-based), its problem and how many more. */
    static Map<Integer, String> findBadRows(Connection connection) throws SQLException {
        Map<Integer, String> reasons = new HashMap<>();
        Map<Integer, Long> totals = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(FIND_BAD_ROWS)) {
            while (rows.next()) {
                int file = rows.getInt(1);
                totals.merge(file, rows.getLong(3), Long::sum);
                reasons.putIfAbsent(file, "row " + (rows.getLong(4) + 1) + ": " + rows.getString(2));
            }
        }
        Map<Integer, String> result = new HashMap<>();
        reasons.forEach((file, first) -> {
            long more = totals.get(file) - 1;
            result.put(file, "has invalid rows: " + first + (more > 0 ? " (and " + more + " more bad rows)" : ""));
        });
        return result;
    }
}
