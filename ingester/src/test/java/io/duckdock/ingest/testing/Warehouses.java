package io.duckdock.ingest.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Read-only looks into a warehouse file, for assertions. */
public final class Warehouses {
    private Warehouses() {}

    public static long count(String database, String sql) {
        List<List<String>> rows = rows(database, sql);
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get(0));
    }

    public static List<List<String>> rows(String database, String sql) {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database, readOnly);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<List<String>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(rows.getString(c));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Empty when every conversation's sequences are exactly 1..n; otherwise the offending conversations. */
    public static List<List<String>> sequenceGaps(String database) {
        return rows(
                database,
                "SELECT conversation_id, count(*), min(sequence), max(sequence), "
                        + "count(DISTINCT sequence) FROM events GROUP BY conversation_id "
                        + "HAVING min(sequence) <> 1 OR max(sequence) <> count(*) OR count(DISTINCT sequence) <> count(*)");
    }
}
