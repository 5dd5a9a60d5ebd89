package io.duckdock.ingest.sql;

import java.sql.SQLException;

/** Quoting for the few SQL texts DuckDB cannot take as bound parameters, and DuckDB's messages made readable. */
public final class SqlText {
    private SqlText() {}

    /** {@code value} as a single-quoted SQL string literal. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code name} as a double-quoted SQL identifier. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The first line of a message (DuckDB appends the SQL and hints below it), stripped; "" for null. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** DuckDB's own first line of {@code e}'s message. */
    public static String duckDbMessage(SQLException e) {
        return firstLine(e.getMessage());
    }
}
