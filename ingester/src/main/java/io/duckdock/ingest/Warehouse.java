package io.duckdock.ingest;

import io.duckdock.config.WarehouseConfig;
import io.duckdock.ingest.sql.LockRetry;
import io.duckdock.ingest.sql.SqlText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens the warehouse database for the single writer: creates it readable by older DuckDB
 * releases, applies the schema, and waits for a lock held by another process with backoff.
 */
public final class Warehouse {

    private Warehouse() {}

    /**
     * Opens {@code database} read-write and ensures the schema exists.
     *
     * @throws DatabaseLockedException when another process kept the file locked past {@code lockTimeout}
     */
    public static Connection openForWriting(String database, WarehouseConfig config, Duration lockTimeout) {
        return openForWriting(database, config, lockTimeout, IngestListener.NONE);
    }

    /**
     * As {@link #openForWriting(String, WarehouseConfig, Duration)}, telling {@code listener} of every
     * wait for a lock held by another process.
     */
    public static Connection openForWriting(
            String database, WarehouseConfig config, Duration lockTimeout, IngestListener listener) {
        Connection connection = openWithRetry(database, config, lockTimeout, listener);
        try {
            applySchema(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw new IngestException("Cannot prepare the schema of " + database + ": " + e.getMessage(), e);
        }
    }

    static Connection openWithRetry(
            String database, WarehouseConfig config, Duration lockTimeout, IngestListener listener) {
        try {
            return LockRetry.run(
                    database,
                    lockTimeout,
                    listener::lockWaited,
                    () -> DriverManager.getConnection("jdbc:duckdb:" + jdbcPath(database), properties(config)));
        } catch (LockRetry.StillLocked e) {
            throw new DatabaseLockedException(database, e.waited(), e.getMessage());
        } catch (SQLException e) {
            throw new IngestException("Cannot open the database " + database + ": " + SqlText.duckDbMessage(e), e);
        }
    }

    private static String jdbcPath(String database) {
        return ":memory:".equals(database) ? "" : database;
    }

    private static Properties properties(WarehouseConfig config) {
        Properties properties = new Properties();
        if (!"latest".equals(config.storageCompatibility())) {
            properties.setProperty("storage_compatibility_version", config.storageCompatibility());
        }
        properties.setProperty("memory_limit", config.memoryLimit() + "B");
        if (config.threads() > 0) {
            properties.setProperty("threads", Integer.toString(config.threads()));
        }
        return properties;
    }

    static void applySchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // TIMESTAMP WITH TIME ZONE columns of foreign files convert to UTC wall time
            statement.execute("SET TimeZone = 'UTC'");
            // footers are read once per batch, not once per pass over the batch's files
            statement.execute("SET parquet_metadata_cache = true");
            // no statement of the writer needs rows in scan order but the one that says so (the
            // file-groups count turns it back on around itself): inserts with a join or window
            // run in parallel either way, and many small files read about a quarter faster
            statement.execute("SET preserve_insertion_order = false");
            String[] schema = schemaStatements();
            for (String sql : schema) {
                statement.execute(sql);
            }
            SchemaUpgrade.apply(connection, schema);
            for (String sql : io.duckdock.ingest.query.AnalyticViews.statements()) {
                statement.execute(sql);
            }
            statement.execute("CHECKPOINT");
        }
    }

    static String[] schemaStatements() {
        try (InputStream in = Warehouse.class.getResourceAsStream("schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("schema.sql is missing from the ingester jar");
            }
            return io.duckdock.ingest.query.AnalyticViews.split(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema.sql", e);
        }
    }

    static void closeQuietly(AutoCloseable closeable, Throwable primary) {
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
