package io.duckdock.cluster;

import io.duckdock.config.ClusterConfig;
import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.FencedException;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.WriteFence;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role in a cluster: a PostgreSQL session advisory lock on a dedicated connection. PostgreSQL
 * releases it when the session ends: at once when the holder dies (its socket closes), and after
 * cluster.session-timeout of silence when the holder is paused or cut off ({@code
 * idle_session_timeout}). The fence asks PostgreSQL whether this session still holds it.
 */
final class PostgresRole implements ActiveRole {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRole.class);
    /** The advisory lock key of the active role ("Duck"). */
    static final long ROLE_KEY = 0x4475636bL;

    private final ClusterConfig config;
    private final Path lockFile;
    private final NodeTable nodes;
    private final Clock clock;
    private Connection session;
    private boolean holding;

    PostgresRole(ClusterConfig config, Path lockFile, NodeTable nodes, Clock clock) {
        this.config = config;
        this.lockFile = lockFile;
        this.nodes = nodes;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<IngesterLock> tryTake() {
        try {
            nodes.checkIn(session(), false);
            if (!Sessions.queryBoolean(session(), "SELECT pg_try_advisory_lock(" + ROLE_KEY + ")")) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            LOG.warn("cluster: cannot reach the cluster database to take over: {}", e.getMessage());
            dropSession();
            return Optional.empty();
        }
        holding = true;
        // the home's lock too: no second process may write this node's warehouse
        try {
            IngesterLock lock = IngesterLock.acquire(lockFile);
            nodes.becameActive(session(), clock.instant());
            return Optional.of(lock);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cluster: took the active role but cannot start: {}", e.getMessage());
            release();
            return Optional.empty();
        }
    }

    @Override
    public synchronized boolean held() {
        try {
            boolean held = holding && stillLocked();
            nodes.checkIn(session(), held);
            return held;
        } catch (SQLException e) {
            LOG.warn("cluster: lost the cluster database session ({}); this node stops writing", e.getMessage());
            dropSession();
            return false;
        }
    }

    private boolean stillLocked() throws SQLException {
        return Sessions.queryBoolean(
                session(),
                "SELECT count(*) > 0 FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND pid = pg_backend_pid() AND objid = " + ROLE_KEY + " AND objsubid = 1 AND granted");
    }

    @Override
    public WriteFence fence() {
        return () -> {
            synchronized (this) {
                try {
                    if (holding && session != null && stillLocked()) {
                        return;
                    }
                } catch (SQLException e) {
                    dropSession();
                    throw new FencedException(
                            "This node lost its cluster database session (" + e.getMessage()
                                    + "), so another node may have taken over: the batch was rolled back and stays in"
                                    + " staging.",
                            e);
                }
                throw new FencedException("This node no longer holds the active role of the cluster: the batch"
                        + " was rolled back and stays in staging.");
            }
        };
    }

    @Override
    public synchronized void release() {
        holding = false;
        if (session == null) {
            return;
        }
        try {
            Sessions.queryBoolean(session, "SELECT pg_advisory_unlock(" + ROLE_KEY + ")");
        } catch (SQLException e) {
            dropSession(); // closing the session releases the lock as well
        }
    }

    @Override
    public synchronized String holder() {
        return members().stream()
                .filter(m -> m.alive() && m.role().equals("active"))
                .map(ClusterStatus.Member::node)
                .findFirst()
                .orElse("nobody");
    }

    @Override
    public synchronized List<ClusterStatus.Member> members() {
        try {
            return nodes.list(session(), config.sessionTimeout());
        } catch (SQLException e) {
            dropSession();
            return List.of();
        }
    }

    /** The dedicated session, opened on first use and after it was lost. */
    private Connection session() throws SQLException {
        if (session == null) {
            Properties properties = new Properties();
            properties.setProperty("user", config.user());
            config.password().ifPresent(p -> properties.setProperty("password", p));
            properties.setProperty("ApplicationName", "duckdock " + NodeTable.NODE);
            properties.setProperty("connectTimeout", "10");
            properties.setProperty(
                    "socketTimeout",
                    Long.toString(Math.max(10, config.sessionTimeout().toSeconds() * 2)));
            Connection connection = DriverManager.getConnection(config.jdbcUrl().orElseThrow(), properties);
            try {
                Sessions.execute(
                        connection,
                        "SET idle_session_timeout = " + config.sessionTimeout().toMillis());
                nodes.create(connection);
            } catch (SQLException e) {
                Sessions.closeQuietly(connection);
                throw e;
            }
            session = connection;
        }
        return session;
    }

    private void dropSession() {
        holding = false;
        if (session != null) {
            Sessions.closeQuietly(session);
            session = null;
        }
    }

    /**
     * Opens the session once, so that a wrong URL, user or password fails the start.
     *
     * @throws DuckDockException (configuration) naming cluster.jdbc-url
     */
    synchronized void connect() {
        try {
            session();
        } catch (SQLException e) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot connect to the cluster database "
                            + config.jdbcUrl().orElseThrow() + " as " + config.user() + " (" + e.getMessage()
                            + "); check cluster.jdbc-url, cluster.user and cluster.password, and that PostgreSQL runs.",
                    e);
        }
    }

    /** How long a standby waits between attempts. */
    Duration pollInterval() {
        return config.pollInterval();
    }

    @Override
    public synchronized void close() {
        release();
        if (session != null) {
            try {
                nodes.leave(session);
            } catch (SQLException e) {
                LOG.debug("cluster: could not sign off: {}", e.getMessage());
            }
        }
        dropSession();
    }
}
