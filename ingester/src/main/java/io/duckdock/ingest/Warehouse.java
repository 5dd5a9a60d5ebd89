package io.duckdock.ingest;

import io.duckdock.config.WarehouseConfig;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the warehouse database for the single writer: creates it readable by older DuckDB
 * releases, applies the schema, and waits for a lock held by another process with backoff.
 */
public final class Warehouse {
    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);
    private static final String LOCK_CONFLICT = "Could not set lock on file";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private Warehouse() {
    }

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
    public static Connection openForWriting(String database, WarehouseConfig config, Duration lockTimeout,
                                            IngestListener listener) {
        Connection connection = openWithRetry(database, config, lockTimeout, listener);
        try {
            applySchema(connection);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw new IngestException("Cannot prepare the schema of " + database + ": " + e.getMessage(), e);
        }
    }

    static Connection openWithRetry(String database, WarehouseConfig config, Duration lockTimeout,
                                    IngestListener listener) {
        long start = System.nanoTime();
        long deadline = start + lockTimeout.toNanos();
        Duration backoff = FIRST_BACKOFF;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return DriverManager.getConnection("jdbc:duckdb:" + jdbcPath(database), properties(config));
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.contains(LOCK_CONFLICT)) {
                    throw new IngestException("Cannot open the database " + database + ": "
                            + DatabaseLockedException.firstLine(message), e);
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw new DatabaseLockedException(database, Duration.ofNanos(now - start), message);
                }
                if (attempts == 1) {
                    LOG.info("{} is locked by another process; retrying for up to {} ms", database,
                            lockTimeout.toMillis());
                }
                sleep(Math.min(backoff.toNanos(), deadline - now));
                listener.lockWaited(Duration.ofNanos(System.nanoTime() - now));
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
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
        config.memoryLimitBytes().ifPresent(bytes -> properties.setProperty("memory_limit", bytes + "B"));
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
            for (String sql : schemaStatements()) {
                statement.execute(sql);
            }
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

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("Interrupted while waiting for the database lock", e);
        }
    }
}
