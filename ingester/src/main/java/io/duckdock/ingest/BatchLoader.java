package io.duckdock.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges a batch of staged files where they lie, without copying them: schemas that cannot be
 * converted, and (when a load breaks the event contract) files DuckDB cannot read and rows that
 * break the contract, are rejected with a reason; the other files are grouped by schema for
 * {@link BatchCommitter} to load.
 *
 * <p>Files are read together, one {@code read_parquet(?)} per distinct schema; only when such a
 * group fails is it read file by file, to find and reject just the bad ones.
 */
final class BatchLoader {
    private final Connection connection;

    BatchLoader(Connection connection) {
        this.connection = connection;
    }

    /**
     * A file of the batch: its position (orders rows across files), the path DuckDB reads, and its
     * schema signature and row count as its footer gives them ({@link FileProbe}).
     */
    record Candidate(int index, String readPath, String sourceName, List<String> schema, long rows) {
    }

    /** Accepted files sharing one schema, and how their columns convert. */
    record Group(ColumnPlan plan, List<Candidate> files) {
    }

    /**
     * The verdicts: rejected files (index to reason), the row count of every accepted file, and the
     * accepted files by schema. Unless {@code rowsChecked}, the rows of accepted files were not read
     * yet: the load's own constraints check them, and {@link #checkRows} finds the culprits if it fails.
     */
    record Result(Map<Integer, String> rejected, Map<Integer, Long> rows, List<Group> accepted,
                  boolean rowsChecked) {
        static final Result EMPTY = new Result(Map.of(), Map.of(), List.of(), true);
    }

    /** Sorts the files by schema and rejects what cannot be converted; reads no rows. */
    Result load(List<Candidate> candidates) {
        Map<Integer, String> rejected = new TreeMap<>();
        Map<Integer, Long> rows = new HashMap<>();
        List<Group> accepted = new ArrayList<>();
        Map<List<String>, List<Candidate>> bySchema = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            bySchema.computeIfAbsent(candidate.schema(), s -> new ArrayList<>()).add(candidate);
        }
        for (List<Candidate> files : bySchema.values()) {
            ColumnPlan.Result planned = plan(files.get(0));
            if (planned.plan().isEmpty()) {
                files.forEach(c -> rejected.put(c.index(), planned.problem()));
            } else {
                accepted.add(new Group(planned.plan().get(), files));
                files.forEach(c -> rows.put(c.index(), c.rows()));
            }
        }
        return new Result(rejected, rows, accepted, false);
    }

    /** Reads every row of the accepted files and rejects each file that breaks the row contract. */
    Result checkRows(Result loaded) throws SQLException {
        BatchFileTable.create(connection, loaded.accepted().stream().flatMap(g -> g.files().stream()).toList(),
                Candidate::rows);
        Map<Integer, String> rejected = new TreeMap<>(loaded.rejected());
        Map<Integer, Long> rows = new HashMap<>();
        List<Group> accepted = new ArrayList<>();
        for (Group group : loaded.accepted()) {
            Map<Integer, RowRules.FileCheck> checks = checkRows(group.plan(), group.files(), rejected);
            List<Candidate> keep = new ArrayList<>();
            for (Candidate file : group.files()) {
                RowRules.FileCheck check = checks.get(file.index());
                if (rejected.containsKey(file.index())) {
                    continue;
                }
                if (check != null && check.badRows() > 0) {
                    rejected.put(file.index(), check.reason());
                } else {
                    rows.put(file.index(), check == null ? 0 : check.rows());
                    keep.add(file);
                }
            }
            if (!keep.isEmpty()) {
                accepted.add(new Group(group.plan(), keep));
            }
        }
        return new Result(rejected, rows, accepted, true);
    }

    private ColumnPlan.Result plan(Candidate file) {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement describe = connection.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
            describe.setArray(1, paths(List.of(file)));
            try (ResultSet rows = describe.executeQuery()) {
                while (rows.next()) {
                    types.putIfAbsent(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            return new ColumnPlan.Result(java.util.Optional.empty(), "cannot be read as Parquet: " + duckDbMessage(e));
        }
        return ColumnPlan.plan(types);
    }

    /** Row checks of a group in one scan, or file by file when the scan fails, rejecting the files that fail alone. */
    private Map<Integer, RowRules.FileCheck> checkRows(ColumnPlan plan, List<Candidate> files,
                                                      Map<Integer, String> rejected) throws SQLException {
        try {
            return RowRules.check(connection, plan, paths(files));
        } catch (SQLException groupFailure) {
            Map<Integer, RowRules.FileCheck> checks = new HashMap<>();
            for (Candidate file : files) {
                try {
                    checks.putAll(RowRules.check(connection, plan, paths(List.of(file))));
                } catch (SQLException e) {
                    rejected.put(file.index(), "cannot be loaded: " + duckDbMessage(e));
                }
            }
            return checks;
        }
    }

    Array paths(List<Candidate> candidates) throws SQLException {
        return connection.createArrayOf("VARCHAR", candidates.stream().map(Candidate::readPath).toArray());
    }

    /** DuckDB's own first line, without the SQL echo that follows it. */
    static String duckDbMessage(SQLException e) {
        return io.duckdock.ingest.sql.SqlText.duckDbMessage(e);
    }
}
