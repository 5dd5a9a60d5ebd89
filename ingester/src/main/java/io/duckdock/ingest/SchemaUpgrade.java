package io.duckdock.ingest;

import io.duckdock.ingest.sql.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings a warehouse created by an older DuckDock to what {@code schema.sql} declares, where its
 * idempotent {@code CREATE ... IF NOT EXISTS} statements cannot: each change in one transaction, so
 * that a crash leaves the warehouse as it was or as it should be.
 */
final class SchemaUpgrade {
    private SchemaUpgrade() {}

    /**
     * Warehouses created before 2026-11-30 declared {@code conversation_heads} with a PRIMARY KEY.
     * DuckDB cannot drop a constraint, so the table is renamed, created again by {@code schema}'s own
     * statement and its rows copied over.
     */
    static void apply(Connection connection, String[] schema) throws SQLException {
        if (!headsKeyed(connection)) {
            return;
        }
        Transactions.run(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE conversation_heads RENAME TO conversation_heads_keyed");
                for (String sql : schema) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO conversation_heads SELECT * FROM conversation_heads_keyed");
                statement.execute("DROP TABLE conversation_heads_keyed");
            }
        });
    }

    private static boolean headsKeyed(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM duckdb_constraints() WHERE "
                        + "database_name = current_database() AND schema_name = 'main' "
                        + "AND table_name = 'conversation_heads' AND constraint_type = 'PRIMARY KEY'")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }
}
