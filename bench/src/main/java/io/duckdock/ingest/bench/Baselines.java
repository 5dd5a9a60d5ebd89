package io.duckdock.ingest.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** What DuckDock is compared with: a plain copy, and the seeds' per-event atomic insert. */
final class Baselines {
    private Baselines() {}

    /**
     * Seconds for {@code INSERT INTO t SELECT * FROM read_parquet(?)} into a fresh database file.
     *
     * @param keepOrder DuckDB's default {@code preserve_insertion_order = true}, under which a plain copy
     *                  uses the ordered batch insert; {@code false} lets it insert in parallel, as any
     *                  insert with a join or window does anyway
     */
    static double plainCopy(Path database, List<Path> files, boolean keepOrder) throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database)) {
            if (!keepOrder) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET preserve_insertion_order = false");
                }
            }
            Object[] paths = files.stream().map(Path::toString).toArray();
            try (PreparedStatement create =
                    connection.prepareStatement("CREATE TABLE t AS SELECT * FROM read_parquet(?) LIMIT 0")) {
                create.setArray(1, connection.createArrayOf("VARCHAR", paths));
                create.execute();
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO t SELECT * FROM read_parquet(?)")) {
                insert.setArray(1, connection.createArrayOf("VARCHAR", paths));
                insert.execute();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Events per second of the seeds' design: one autocommitted
     * {@code INSERT ... SELECT COALESCE(MAX(sequence), 0) + 1 ... RETURNING} per event.
     */
    static double seedsPerEventInsert(Path database, Path file, int events) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events (event_id UUID, conversation_id VARCHAR, experiment_id VARCHAR, "
                    + "event_type VARCHAR, \"timestamp\" TIMESTAMP WITH TIME ZONE, event_data JSON, sequence BIGINT)");
            try (PreparedStatement source =
                    connection.prepareStatement("CREATE TEMP TABLE source AS SELECT * FROM read_parquet(?) LIMIT ?")) {
                source.setString(1, file.toString());
                source.setInt(2, events);
                source.execute();
            }
            String insertSql = "INSERT INTO events SELECT ?, ?, ?, ?, ?, ?, COALESCE(MAX(sequence), 0) + 1 "
                    + "FROM events WHERE conversation_id = ? RETURNING sequence";
            try (ResultSet source = statement.executeQuery("SELECT event_id, conversation_id, experiment_id, "
                            + "event_type, \"timestamp\", event_data FROM source");
                    PreparedStatement insert = connection.prepareStatement(insertSql)) {
                long start = System.nanoTime();
                int done = 0;
                while (source.next()) {
                    for (int c = 1; c <= 6; c++) {
                        insert.setObject(c, source.getObject(c));
                    }
                    insert.setString(7, source.getString(2));
                    try (ResultSet sequence = insert.executeQuery()) {
                        sequence.next();
                    }
                    done++;
                }
                return done / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
