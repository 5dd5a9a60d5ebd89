package io.duckdock.ingest.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes Parquet files with DuckDB's own writer: a foreign producer, with whatever columns and
 * types a test's SELECT gives. Test-only: the path is quoted into COPY, which takes no parameter.
 */
public final class Parquet {
    private Parquet() {}

    private static Connection shared;

    public static Path write(Path file, String select) {
        return writeWithOptions(file, select, "");
    }

    /** As {@link #write}, with more COPY options after {@code FORMAT parquet} (e.g. {@code , KV_METADATA {...}}). */
    public static synchronized Path writeWithOptions(Path file, String select, String moreOptions) {
        try (Statement statement = connection().createStatement()) {
            statement.execute("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet"
                    + moreOptions + ")");
            return file;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write test file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connection() throws SQLException {
        if (shared == null) {
            shared = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = shared.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'");
            }
        }
        return shared;
    }

    /**
     * {@code count} events of {@code conversations} conversations named {@code prefix-<n>}, with
     * timestamps increasing by row, as DuckDock's own producer would write them.
     */
    public static Path events(Path file, String prefix, int conversations, int count, long firstMicros) {
        return write(
                file,
                "SELECT uuidv7() AS event_id, '" + prefix + "-' || (i % " + conversations
                        + ") AS conversation_id, 'exp-1' AS experiment_id, 'message.sent' AS event_type, "
                        + "make_timestamp(" + firstMicros + " + i * 1000) AS \"timestamp\", "
                        + "'{\"n\": ' || i || '}' AS event_data FROM range(" + count + ") t(i)");
    }
}
