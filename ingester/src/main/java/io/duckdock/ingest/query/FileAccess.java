package io.duckdock.ingest.query;

import io.duckdock.ingest.sql.SqlText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a query connection may read, sealed and then read back. DuckDB adds entries of its own
 * when external access is switched off (its temp_directory to the allowed directories, an attached
 * database and its write-ahead-log files to the allowed paths), so the sealed connection is checked
 * against the whole intended set, and refused if DuckDB allows anything more or else.
 *
 * @param lake      readable with everything below it
 * @param spill     DuckDB's temp_directory, fresh and private to this query: holds only its spill files and
 *                  the Parquet output before it is moved out
 * @param warehouse the attached database file (symbolic links resolved, as DuckDB does), if attached:
 *                  readable with its WAL files
 */
record FileAccess(Path lake, Path spill, Optional<Path> warehouse) {
    /** The files DuckDB keeps beside an attached database, all of which it allows itself to read. */
    private static final List<String> DATABASE_FILE_SUFFIXES = List.of("", ".wal", ".wal.checkpoint", ".wal.recovery");

    /** The allowed_directories DuckDock intends, as DuckDB lists them. */
    Set<String> directories() throws IOException {
        return new TreeSet<>(List.of(directory(lake), directory(spill)));
    }

    /** The allowed_paths DuckDock intends. */
    Set<String> paths() {
        Set<String> paths = new TreeSet<>();
        warehouse.ifPresent(db -> DATABASE_FILE_SUFFIXES.forEach(suffix -> paths.add(db + suffix)));
        return paths;
    }

    /** DuckDB resolves symbolic links in allowed directories and lists them with a trailing slash. */
    private static String directory(Path dir) throws IOException {
        Path real = Files.exists(dir) ? dir.toRealPath() : dir.toAbsolutePath().normalize();
        return real + "/";
    }

    /**
     * Allows the lake, switches external access off and locks the configuration,
     * then checks what DuckDB ended up allowing. The spill directory must already be the temp_directory.
     *
     * @throws QueryRefusedException when DuckDB allows more or other files than intended
     */
    void seal(Connection connection) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET allowed_directories = [" + SqlText.literal(directory(lake)) + "]");
            statement.execute("SET allowed_paths = []");
            statement.execute("SET enable_external_access = false");
            statement.execute("SET lock_configuration = true");
        }
        check(connection);
    }

    /**
     * @throws QueryRefusedException when the connection allows more or other files than intended, or
     *                               its external access or configuration is not locked
     */
    void check(Connection connection) throws SQLException, IOException {
        Set<String> directoriesAllowed = list(connection, "allowed_directories");
        Set<String> pathsAllowed = list(connection, "allowed_paths");
        boolean sealed = "false".equals(setting(connection, "enable_external_access"))
                && "true".equals(setting(connection, "lock_configuration"));
        if (!sealed || !directoriesAllowed.equals(directories()) || !pathsAllowed.equals(paths())) {
            throw new QueryRefusedException("duckdock query refuses to run: DuckDB would let the query read the "
                    + "directories " + directoriesAllowed + " and the files " + pathsAllowed
                    + (sealed ? "" : " and change its settings") + ", but DuckDock allows only " + directories()
                    + " and " + paths() + "; nothing was run. Report this with your DuckDB version.");
        }
    }

    private static Set<String> list(Connection connection, String setting) throws SQLException {
        Set<String> values = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT unnest(current_setting('" + setting + "'))")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String setting(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('" + setting + "')::VARCHAR")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
