package io.duckdock.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a batch of staged files into the temporary table {@code batch_raw} and judges them: files
 * DuckDB cannot read, schemas that cannot be converted and rows that break the event contract
 * are rejected with a reason; the rows of the other files stay in {@code batch_raw}.
 *
 * <p>Files are read together, one {@code read_parquet(?)} per distinct schema; only when such a
 * group fails is it read file by file, to find and reject just the bad ones.
 */
final class BatchLoader {
    private final Connection connection;

    BatchLoader(Connection connection) {
        this.connection = connection;
    }

    /** A file of the batch: its position (orders rows across files) and the path DuckDB reads. */
    record Candidate(int index, String readPath, String sourceName) {
    }

    /** The files rejected (index to reason) and the row count of every accepted file. */
    record Result(Map<Integer, String> rejected, Map<Integer, Long> rows) {
    }

    Result load(List<Candidate> candidates) throws SQLException {
        createTables(candidates);
        Map<Integer, String> rejected = new TreeMap<>();
        Map<Integer, List<String>> schemas = readSchemas(candidates, rejected);
        Map<List<String>, List<Candidate>> groups = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            List<String> schema = schemas.get(candidate.index());
            if (schema != null) {
                groups.computeIfAbsent(schema, s -> new ArrayList<>()).add(candidate);
            }
        }
        for (List<Candidate> group : groups.values()) {
            loadGroup(group, rejected);
        }
        rejected.putAll(RowRules.findBadRows(connection));
        if (!rejected.isEmpty()) {
            dropRows(rejected.keySet());
        }
        return new Result(rejected, countRows());
    }

    private void createTables(List<Candidate> candidates) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE batch_files (file_index INTEGER, read_path VARCHAR, source_file VARCHAR)");
            statement.execute("CREATE OR REPLACE TEMP TABLE batch_raw (file_index INTEGER, row_number BIGINT, "
                    + "event_id UUID, event_id_invalid BOOLEAN, conversation_id VARCHAR, experiment_id VARCHAR, "
                    + "event_type VARCHAR, ts TIMESTAMP, event_data VARCHAR)");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_files SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])")) {
            insert.setArray(1, connection.createArrayOf("INTEGER",
                    candidates.stream().map(Candidate::index).toArray()));
            insert.setArray(2, paths(candidates));
            insert.setArray(3, connection.createArrayOf("VARCHAR",
                    candidates.stream().map(Candidate::sourceName).toArray()));
            insert.execute();
        }
    }

    /** Each file's schema as DuckDB's parquet_schema lists it; unreadable files are rejected. */
    private Map<Integer, List<String>> readSchemas(List<Candidate> candidates, Map<Integer, String> rejected)
            throws SQLException {
        try {
            return schemasOf(candidates);
        } catch (SQLException groupFailure) {
            Map<Integer, List<String>> schemas = new HashMap<>();
            for (Candidate candidate : candidates) {
                try {
                    schemas.putAll(schemasOf(List.of(candidate)));
                } catch (SQLException e) {
                    rejected.put(candidate.index(), "cannot be read as Parquet: " + duckDbMessage(e));
                }
            }
            return schemas;
        }
    }

    private Map<Integer, List<String>> schemasOf(List<Candidate> candidates) throws SQLException {
        Map<String, Integer> indexByPath = new HashMap<>();
        candidates.forEach(c -> indexByPath.put(c.readPath(), c.index()));
        Map<Integer, List<String>> schemas = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT file_name, name, type, converted_type, logical_type, repetition_type "
                        + "FROM parquet_schema(?)")) {
            query.setArray(1, paths(candidates));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Integer index = indexByPath.get(rows.getString(1));
                    String column = rows.getString(2).toLowerCase(Locale.ROOT) + ':' + rows.getString(3) + ':'
                            + rows.getString(4) + ':' + rows.getString(5) + ':' + rows.getString(6);
                    schemas.computeIfAbsent(index, i -> new ArrayList<>()).add(column);
                }
            }
        }
        return schemas;
    }

    private void loadGroup(List<Candidate> group, Map<Integer, String> rejected) throws SQLException {
        ColumnPlan.Result planned;
        try {
            planned = ColumnPlan.plan(describe(group.get(0)));
        } catch (SQLException e) {
            group.forEach(c -> rejected.put(c.index(), "cannot be read as Parquet: " + duckDbMessage(e)));
            return;
        }
        if (planned.plan().isEmpty()) {
            group.forEach(c -> rejected.put(c.index(), planned.problem()));
            return;
        }
        ColumnPlan plan = planned.plan().get();
        try {
            insert(plan, group);
        } catch (SQLException groupFailure) {
            if (group.size() == 1) {
                rejected.put(group.get(0).index(), "cannot be loaded: " + duckDbMessage(groupFailure));
                return;
            }
            for (Candidate candidate : group) {
                try {
                    insert(plan, List.of(candidate));
                } catch (SQLException e) {
                    rejected.put(candidate.index(), "cannot be loaded: " + duckDbMessage(e));
                }
            }
        }
    }

    private Map<String, String> describe(Candidate file) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement describe = connection.prepareStatement(
                "DESCRIBE SELECT * FROM read_parquet(?)")) {
            describe.setArray(1, paths(List.of(file)));
            try (ResultSet rows = describe.executeQuery()) {
                while (rows.next()) {
                    types.putIfAbsent(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
                }
            }
        }
        return types;
    }

    private void insert(ColumnPlan plan, List<Candidate> files) throws SQLException {
        String sql = "INSERT INTO batch_raw SELECT f.file_index, r.file_row_number, "
                + plan.eventId() + ", " + plan.eventIdInvalid() + ", " + plan.conversationId() + ", "
                + plan.experimentId() + ", " + plan.eventType() + ", " + plan.timestamp() + ", "
                + plan.eventData()
                + " FROM read_parquet(?, filename = true, file_row_number = true) r"
                + " JOIN batch_files f ON f.read_path = r.filename";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setArray(1, paths(files));
            insert.execute();
        }
    }

    private void dropRows(Iterable<Integer> fileIndexes) throws SQLException {
        List<Integer> indexes = new ArrayList<>();
        fileIndexes.forEach(indexes::add);
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM batch_raw WHERE file_index IN (SELECT unnest(?::INTEGER[]))")) {
            delete.setArray(1, connection.createArrayOf("INTEGER", indexes.toArray()));
            delete.execute();
        }
    }

    private Map<Integer, Long> countRows() throws SQLException {
        Map<Integer, Long> rows = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet counts = statement.executeQuery(
                     "SELECT file_index, count(*) FROM batch_raw GROUP BY file_index")) {
            while (counts.next()) {
                rows.put(counts.getInt(1), counts.getLong(2));
            }
        }
        return rows;
    }

    private Array paths(List<Candidate> candidates) throws SQLException {
        return connection.createArrayOf("VARCHAR", candidates.stream().map(Candidate::readPath).toArray());
    }

    /** DuckDB's own first line, without the SQL echo that follows it. */
    static String duckDbMessage(SQLException e) {
        return DatabaseLockedException.firstLine(e.getMessage()).strip();
    }
}
