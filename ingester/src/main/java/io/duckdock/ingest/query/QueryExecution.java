package io.duckdock.ingest.query;

import io.duckdock.ingest.sql.SqlText;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Runs one checked SELECT on a sealed connection, within query.timeout. */
final class QueryExecution {
    private QueryExecution() {}

    /** Streams the rows to {@code rows}; returns their number. */
    static long rows(Connection connection, String sql, ReadOnlySql.Rows rows, Duration timeout) {
        try (Statement statement = connection.createStatement();
                QueryDeadline deadline = QueryDeadline.start(statement, timeout)) {
            try (ResultSet result = statement.executeQuery(sql)) {
                ResultSetMetaData meta = result.getMetaData();
                List<String> names = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    names.add(meta.getColumnLabel(c));
                }
                rows.columns(names);
                long count = 0;
                while (result.next()) {
                    deadline.check();
                    List<Object> values = new ArrayList<>(names.size());
                    for (int c = 1; c <= names.size(); c++) {
                        values.add(value(result, meta, c));
                    }
                    rows.row(values);
                    count++;
                }
                return count;
            } catch (SQLException e) {
                throw deadline.failure(e);
            }
        } catch (SQLException e) {
            throw new QueryFailedException(SqlText.duckDbMessage(e), e);
        }
    }

    /**
     * Writes the result to {@code target} as Parquet. The SELECT is handed to DuckDB's {@code query()}
     * as a bound value, never spliced into the COPY, and {@code query()} itself accepts one SELECT only.
     */
    static long parquet(Connection connection, String sql, Path target, Duration timeout) {
        String copy = "COPY (FROM query(?)) TO " + SqlText.literal(target.toString()) + " (FORMAT parquet)";
        try (PreparedStatement statement = connection.prepareStatement(copy);
                QueryDeadline deadline = QueryDeadline.start(statement, timeout)) {
            statement.setString(1, sql);
            try {
                return statement.executeLargeUpdate();
            } catch (SQLException e) {
                throw deadline.failure(e);
            }
        } catch (SQLException e) {
            throw new QueryFailedException(SqlText.duckDbMessage(e), e);
        }
    }

    /** Numbers and booleans as such, TIMESTAMP as {@link LocalDateTime} (UTC), anything else as DuckDB's text. */
    private static Object value(ResultSet result, ResultSetMetaData meta, int column) throws SQLException {
        Object value = result.getObject(column);
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (meta.getColumnType(column) == Types.TIMESTAMP) {
            return result.getObject(column, LocalDateTime.class);
        }
        return result.getString(column);
    }
}
