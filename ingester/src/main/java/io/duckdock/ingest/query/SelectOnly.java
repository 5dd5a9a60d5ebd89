package io.duckdock.ingest.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Accepts exactly one SELECT statement (WITH ..., FROM-first, UNION, DESCRIBE, SHOW and SUMMARIZE
 * included), judged by DuckDB's own parser: {@code json_serialize_sql} serializes SELECT statements only.
 */
final class SelectOnly {
    private static final String CHECK = """
            SELECT (j->>'error')::BOOLEAN, j->>'error_type', j->>'error_message', json_array_length(j->'statements')
            FROM (SELECT json_serialize_sql(?::VARCHAR)::JSON AS j)
            """;

    private SelectOnly() {}

    /**
     * @throws QueryRefusedException naming the statement kind when it is not one SELECT
     * @throws QueryFailedException  with the parser's message when the SQL does not parse
     */
    static void check(Connection connection, String sql) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement(CHECK)) {
            check.setString(1, sql);
            try (ResultSet result = check.executeQuery()) {
                result.next();
                if (result.getBoolean(1)) {
                    if ("parser".equals(result.getString(2))) {
                        throw new QueryFailedException("Parser Error: " + result.getString(3), null);
                    }
                    String kind = kind(sql);
                    if (kind.equals("SELECT") || kind.equals("FROM") || kind.startsWith("WITH")) {
                        throw new QueryRefusedException("duckdock query is read-only: only a single SELECT statement "
                                + "is accepted; this one holds more statements or a part that is not a SELECT.");
                    }
                    throw new QueryRefusedException("duckdock query is read-only: " + kind
                            + " statements are refused; run a single SELECT (or WITH ... SELECT).");
                }
                int statements = result.getInt(4);
                if (statements != 1) {
                    throw new QueryRefusedException("duckdock query is read-only: only a single SELECT statement "
                            + "is accepted, got " + statements + " statements.");
                }
            }
        }
    }

    /** The statement's leading keyword, upper-cased: INSERT, COPY, PRAGMA ... */
    static String kind(String sql) {
        String text = sql.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("(?m)--.*$", " ")
                .strip();
        String word = text.split("[\\s(;]+", 2)[0].toUpperCase(Locale.ROOT);
        if (word.equals("WITH")) {
            return "WITH ... (non-SELECT)";
        }
        return word.isEmpty() ? "empty" : word;
    }
}
