package io.duckdock.ingest.scheduler;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Quartz's PostgreSQL tables from the script inside the quartz jar when they are missing.
 * Idempotent and safe when several nodes start at once: the check and the creation run in one
 * transaction under a transaction-scoped advisory lock.
 */
final class QuartzTables {
    private static final Logger LOG = LoggerFactory.getLogger(QuartzTables.class);
    private static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** Any fixed number, distinct from the cluster's active-role lock. */
    private static final long DDL_LOCK = 0x4475636b_0001L;

    private QuartzTables() {}

    static void ensure(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
                if (!exists(statement)) {
                    for (String ddl : statements()) {
                        statement.execute(ddl);
                    }
                    LOG.info("cluster: created Quartz's tables (qrtz_*) in the cluster database");
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot create the scheduler's tables in"
                            + " the cluster database (cluster.jdbc-url): " + e.getMessage() + "; cluster.user needs"
                            + " CREATE on its schema, or create them with " + SCRIPT + " from the quartz jar.",
                    e);
        }
    }

    private static boolean exists(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** The script's CREATE statements; its DROPs and COMMIT are left out. */
    static List<String> statements() {
        String text;
        try (InputStream in = JobStoreSupport.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("quartz jar without " + SCRIPT);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + SCRIPT + ": " + e.getMessage(), e);
        }
        StringBuilder code = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            String ddl = statement.strip();
            if (ddl.regionMatches(true, 0, "CREATE", 0, 6)) {
                statements.add(ddl);
            }
        }
        return statements;
    }
}
