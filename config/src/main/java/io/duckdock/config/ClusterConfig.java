package io.duckdock.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How this node shares ingestion with others.
 *
 * @param standby wait for the ingester lock (and, in a cluster, the active role) instead of
 *     failing when another node holds it; always true in a cluster
 * @param jdbcUrl the cluster's PostgreSQL ({@code jdbc:postgresql://host:5432/db}); empty = no
 *     cluster, this node is on its own
 * @param checkinInterval how often the node checks in with Quartz's clustered job store; a node
 *     that missed check-ins for about this plus 7.5 s is declared dead and its jobs move
 * @param pollInterval how often a standby tries to take the active role
 * @param sessionTimeout how long the active node's PostgreSQL session may stay silent (paused,
 *     cut off) before PostgreSQL ends it, releasing the active role to a standby
 * @param replicaInterval how often a standby catches its warehouse up with the batches published in
 *     the shared lake
 */
public record ClusterConfig(
        boolean standby,
        Optional<String> jdbcUrl,
        String user,
        Optional<String> password,
        Duration checkinInterval,
        Duration pollInterval,
        Duration sessionTimeout,
        Duration replicaInterval) {
    public static final boolean DEFAULT_STANDBY = false;
    public static final String DEFAULT_USER = "duckdock";
    public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofMillis(7500);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REPLICA_INTERVAL = Duration.ofSeconds(1);

    public ClusterConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(checkinInterval, "checkinInterval");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(replicaInterval, "replicaInterval");
    }

    /** Whether cluster.jdbc-url is set. */
    public boolean clustered() {
        return jdbcUrl.isPresent();
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "ClusterConfig[standby=" + standby + ", jdbcUrl=" + jdbcUrl.orElse("none") + ", user="
                + user + ", password=" + password.map(p -> "****").orElse("none") + ", checkinInterval="
                + checkinInterval + ", pollInterval=" + pollInterval + ", sessionTimeout=" + sessionTimeout
                + ", replicaInterval=" + replicaInterval + "]";
    }

    static ClusterConfig defaults() {
        return new ClusterConfig(
                DEFAULT_STANDBY,
                Optional.empty(),
                DEFAULT_USER,
                Optional.empty(),
                DEFAULT_CHECKIN_INTERVAL,
                DEFAULT_POLL_INTERVAL,
                DEFAULT_SESSION_TIMEOUT,
                DEFAULT_REPLICA_INTERVAL);
    }
}
