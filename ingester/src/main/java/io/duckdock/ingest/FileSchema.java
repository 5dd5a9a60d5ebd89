package io.duckdock.ingest;

import io.duckdock.ingest.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A file's columns as DuckDB types them, mapped onto the event columns by {@link ColumnPlan}. */
final class FileSchema {
    private FileSchema() {}

    /**
     * The plan for {@code file}'s schema, or why it cannot be converted; a file DuckDB cannot read as
     * Parquet is a problem of the file, any other failure fails the batch.
     */
    static ColumnPlan.Result describe(Connection connection, Batch.File file) {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement describe = connection.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
            describe.setArray(1, connection.createArrayOf("VARCHAR", new Object[] {file.readPath()}));
            try (ResultSet columns = describe.executeQuery()) {
                while (columns.next()) {
                    types.putIfAbsent(columns.getString(1).toLowerCase(Locale.ROOT), columns.getString(2));
                }
            }
        } catch (SQLException e) {
            if (!DuckDbErrors.isUnreadableSchema(e)) {
                throw new IngestException(
                        "Cannot read the schema of " + file.input().name() + " (" + file.readPath()
                                + "); the batch is rolled back and its files wait for the next run. DuckDB said: "
                                + SqlText.duckDbMessage(e),
                        e);
            }
            return new ColumnPlan.Result(Optional.empty(), "cannot be read as Parquet: " + SqlText.duckDbMessage(e));
        }
        return ColumnPlan.plan(types);
    }
}
