package io.duckdock.ingest;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of files to load, from planning to commit: the place to start reading the ingester.
 *
 * <p>{@link BatchRun} triages the staged files, opens a {@code Batch} for the candidates and hands
 * it to {@link BatchCommitter}, which loads, numbers and records everything in one transaction.
 * A batch sorts its files by schema ({@link ColumnPlan}; a schema that cannot be converted rejects
 * its files), hands out the SQL that reads them, and owns what it creates: the temporary table
 * {@value #FILES_TABLE} and the read aliases of {@link ReadPaths}, both gone when it is closed.
 *
 * <p>Rows are not read before the load: the load's own constraints and casts check them. When the
 * load reports a broken event contract, {@link #checkRows} reads the rows to reject just the
 * culprits, and the load runs again.
 */
final class Batch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Batch.class);

    /** Each accepted file's batch position, read path, staged name and first row's position in the batch. */
    static final String FILES_TABLE = "batch_files";

    /** A file to load, as triage found it: its schema signature and row count from its footer. */
    record Input(Path path, String name, List<String> schema, long rows, DeclaredLayout layout) {
        Input(Path path, String name, List<String> schema, long rows) {
            this(path, name, schema, rows, DeclaredLayout.NONE);
        }
    }

    /** A file of the batch: its position (orders rows across files) and the path DuckDB reads. */
    record File(int index, String readPath, Input input) {}

    /** Accepted files sharing one schema, and how their columns convert. */
    record Group(ColumnPlan plan, List<File> files) {}

    private final Connection connection;
    private final ReadPaths readPaths;
    private final Map<Integer, String> rejected = new TreeMap<>();
    private final Map<Integer, Long> rows = new HashMap<>();
    private List<Group> accepted = List.of();
    private boolean rowsChecked;

    private Batch(Connection connection, ReadPaths readPaths) {
        this.connection = connection;
        this.readPaths = readPaths;
    }

    /**
     * Plans the batch: groups {@code inputs} by schema and rejects each schema that cannot be
     * converted. Reads no rows.
     *
     * @param aliasDir working folder for read aliases of files whose names DuckDB would take as globs
     */
    static Batch plan(Connection connection, List<Input> inputs, Path aliasDir) {
        Batch batch = new Batch(connection, new ReadPaths(aliasDir));
        try {
            Map<List<String>, List<File>> bySchema = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                Input input = inputs.get(i);
                File file = new File(i, batch.readPaths.readPathFor(input.path(), i), input);
                bySchema.computeIfAbsent(input.schema(), s -> new ArrayList<>()).add(file);
            }
            List<Group> groups = new ArrayList<>();
            for (List<File> files : bySchema.values()) {
                ColumnPlan.Result planned = FileSchema.describe(connection, files.get(0));
                if (planned.plan().isEmpty()) {
                    files.forEach(f -> batch.rejected.put(f.index(), planned.problem()));
                } else {
                    groups.add(new Group(planned.plan().get(), files));
                    files.forEach(f -> batch.rows.put(f.index(), f.input().rows()));
                }
            }
            batch.accepted = List.copyOf(groups);
            return batch;
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
    }

    /** The problem of the file at {@code index}, when it is rejected. */
    Optional<String> rejection(int index) {
        return Optional.ofNullable(rejected.get(index));
    }

    /** Rows of the accepted file at {@code index}: from its footer, or counted by {@link #checkRows}. */
    long rows(int index) {
        return rows.getOrDefault(index, 0L);
    }

    List<Group> accepted() {
        return accepted;
    }

    boolean rowsChecked() {
        return rowsChecked;
    }

    /** The fastest numbering the accepted files' declarations allow ({@link Numbering#forFiles}). */
    Numbering numbering() {
        return accepted.size() != 1
                ? Numbering.WINDOW
                : Numbering.forFiles(accepted.get(0).files(), this::rows);
    }

    /** Whether any accepted file carries event ids (otherwise every row gets a fresh one). */
    boolean carriesEventIds() {
        return accepted.stream().anyMatch(g -> g.plan().hasEventIdColumn());
    }

    /** Reads every row of the accepted files and rejects each file that breaks the row contract. */
    void checkRows() throws SQLException {
        placeAcceptedFiles();
        List<Group> keep = new ArrayList<>();
        for (Group group : accepted) {
            Map<Integer, RowRules.FileCheck> checks = RowRules.checkGroup(connection, group, rejected);
            List<File> good = new ArrayList<>();
            for (File file : group.files()) {
                RowRules.FileCheck check = checks.get(file.index());
                if (rejected.containsKey(file.index())) {
                    rows.remove(file.index());
                } else if (check != null && check.badRows() > 0) {
                    rejected.put(file.index(), check.reason());
                    rows.remove(file.index());
                } else {
                    rows.put(file.index(), check == null ? 0 : check.rows());
                    good.add(file);
                }
            }
            if (!good.isEmpty()) {
                keep.add(new Group(group.plan(), good));
            }
        }
        accepted = List.copyOf(keep);
        rowsChecked = true;
    }

    /**
     * (Re)creates {@value #FILES_TABLE} for the accepted files, each after the one before it in
     * batch order.
     *
     * @return the rows of all accepted files together
     */
    long placeAcceptedFiles() throws SQLException {
        List<File> inOrder = accepted.stream()
                .flatMap(g -> g.files().stream())
                .sorted(Comparator.comparingInt(File::index))
                .toList();
        Long[] firstRows = new Long[inOrder.size()];
        long total = 0;
        for (int i = 0; i < inOrder.size(); i++) {
            firstRows[i] = total;
            total += rows(inOrder.get(i).index());
        }
        try (PreparedStatement create = connection.prepareStatement("CREATE OR REPLACE TEMP TABLE " + FILES_TABLE
                + " AS SELECT unnest(?::INTEGER[]) AS file_index, unnest(?::VARCHAR[]) AS read_path, "
                + "unnest(?::VARCHAR[]) AS source_file, unnest(?::BIGINT[]) AS first_row")) {
            create.setArray(
                    1,
                    connection.createArrayOf(
                            "INTEGER", inOrder.stream().map(File::index).toArray()));
            create.setArray(
                    2,
                    connection.createArrayOf(
                            "VARCHAR", inOrder.stream().map(File::readPath).toArray()));
            create.setArray(
                    3,
                    connection.createArrayOf(
                            "VARCHAR",
                            inOrder.stream().map(f -> f.input().name()).toArray()));
            create.setArray(4, connection.createArrayOf("BIGINT", firstRows));
            create.execute();
        }
        return total;
    }

    /**
     * The accepted files' rows, converted with strict casts, each with its file's batch position:
     * {@code file_index, row_number, event_id, conversation_id, experiment_id, event_type, ts, event_data}.
     * Needs {@link #placeAcceptedFiles}; bind its parameters with {@link #bindSources}.
     */
    String sourceRows() {
        return String.join(
                " UNION ALL ",
                accepted.stream()
                        .map(g -> "SELECT f.file_index, r.* EXCLUDE (read_path) " + "FROM ("
                                + g.plan().select(true) + ") r JOIN " + FILES_TABLE + " f ON f.read_path = r.read_path")
                        .toList());
    }

    /**
     * As {@link #sourceRows}, but with each row's {@code read_path} instead of its file's position,
     * straight from the scans: rows of each file come in file order. Bind with {@link #bindSources}.
     */
    String scannedRows() {
        return String.join(
                " UNION ALL ", accepted.stream().map(g -> g.plan().select(true)).toList());
    }

    /** Binds the file lists of {@link #sourceRows} from parameter {@code first} on; returns the next one. */
    int bindSources(PreparedStatement statement, int first) throws SQLException {
        int p = first;
        for (Group group : accepted) {
            statement.setArray(p++, paths(group.files()));
        }
        return p;
    }

    private Array paths(List<File> files) throws SQLException {
        return connection.createArrayOf(
                "VARCHAR", files.stream().map(File::readPath).toArray());
    }

    /** Drops the batch's temporary table and read aliases; failures are logged, the batch's work is done. */
    @Override
    public void close() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + FILES_TABLE);
        } catch (SQLException e) {
            LOG.warn("Dropping the batch's temporary table {} failed: {}", FILES_TABLE, e.getMessage());
        }
        try {
            readPaths.close();
        } catch (IngestException e) {
            LOG.warn("{}", e.getMessage());
        }
    }
}
