package io.duckdock.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster's roll call, {@code duckdock_nodes} in the cluster database: each node checks in at
 * every poll with its role, so that any node can tell status who is active and when it took over.
 * Informational only: the advisory lock, not this table, decides who writes.
 */
final class NodeTable {
    /** This process, as the cluster names it. */
    static final String NODE = hostName() + "/" + ProcessHandle.current().pid();

    private static final long DDL_LOCK = 0x4475636b_0002L;

    private final String home;
    private final Instant startedAt;
    private final Supplier<Replica.State> replica;

    NodeTable(String home, Instant startedAt, Supplier<Replica.State> replica) {
        this.home = home;
        this.startedAt = startedAt;
        this.replica = replica;
    }

    void create(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Sessions.execute(connection, "SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            Sessions.execute(connection, """
                    CREATE TABLE IF NOT EXISTS duckdock_nodes (
                        node TEXT PRIMARY KEY, home TEXT NOT NULL, role TEXT NOT NULL,
                        started_at TIMESTAMPTZ NOT NULL, seen_at TIMESTAMPTZ NOT NULL, active_since TIMESTAMPTZ)
                    """);
            Sessions.execute(connection, """
                    ALTER TABLE duckdock_nodes ADD COLUMN IF NOT EXISTS replica_batch BIGINT,
                        ADD COLUMN IF NOT EXISTS lag_batches BIGINT, ADD COLUMN IF NOT EXISTS lag_ms BIGINT
                    """);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    void checkIn(Connection connection, boolean active) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO duckdock_nodes (node, home, role, started_at, seen_at, active_since, replica_batch,
                    lag_batches, lag_ms) VALUES (?, ?, ?, ?, now(), NULL, ?, ?, ?)
                ON CONFLICT (node) DO UPDATE SET role = excluded.role, seen_at = now(),
                    active_since = CASE WHEN excluded.role = 'active' THEN duckdock_nodes.active_since END,
                    replica_batch = excluded.replica_batch, lag_batches = excluded.lag_batches, lag_ms = excluded.lag_ms
                """)) {
            statement.setString(1, NODE);
            statement.setString(2, home);
            statement.setString(3, active ? "active" : "standby");
            statement.setTimestamp(4, Timestamp.from(startedAt));
            Replica.State state = active || replica == null ? null : replica.get();
            statement.setObject(5, state == null ? null : state.batch(), java.sql.Types.BIGINT);
            statement.setObject(6, state == null ? null : state.lagBatches(), java.sql.Types.BIGINT);
            statement.setObject(7, state == null ? null : state.lag().toMillis(), java.sql.Types.BIGINT);
            statement.executeUpdate();
        }
    }

    void becameActive(Connection connection, Instant at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE duckdock_nodes SET role = 'active', active_since = ?, seen_at = now() WHERE node = ?")) {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setString(2, NODE);
            statement.executeUpdate();
        }
    }

    void leave(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE duckdock_nodes SET role = 'stopped', active_since = NULL, seen_at = now() WHERE node = ?")) {
            statement.setString(1, NODE);
            statement.executeUpdate();
        }
    }

    /** Nodes seen within the last day, newest check-in first. */
    List<ClusterStatus.Member> list(Connection connection, Duration sessionTimeout) throws SQLException {
        List<ClusterStatus.Member> members = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT node, home, role, started_at, seen_at, active_since, replica_batch, lag_batches, lag_ms,
                       seen_at > now() - make_interval(secs => ?) AS alive
                FROM duckdock_nodes WHERE seen_at > now() - INTERVAL '1 day' ORDER BY seen_at DESC
                """)) {
            statement.setDouble(1, sessionTimeout.toMillis() / 1000.0);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    boolean alive =
                            rows.getBoolean("alive") && !rows.getString("role").equals("stopped");
                    members.add(new ClusterStatus.Member(
                            rows.getString("node"),
                            rows.getString("home"),
                            alive ? rows.getString("role") : "gone",
                            rows.getTimestamp("started_at").toInstant(),
                            rows.getTimestamp("seen_at").toInstant(),
                            Optional.ofNullable(rows.getTimestamp("active_since"))
                                    .map(Timestamp::toInstant),
                            alive,
                            lag(rows)));
                }
            }
        }
        return members;
    }

    private static Optional<ClusterStatus.Lag> lag(ResultSet rows) throws SQLException {
        long batch = rows.getLong("replica_batch");
        if (rows.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(
                new ClusterStatus.Lag(batch, rows.getLong("lag_batches"), Duration.ofMillis(rows.getLong("lag_ms"))));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
