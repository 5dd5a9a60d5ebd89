package io.duckdock.cluster;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.WriteFence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This service as one of several that could ingest: it stands by until it can take the active role,
 * then hands the ingester lock and a fence to {@link Activation#activate}, and keeps checking that it
 * still holds the role; when it loses it, {@link Activation#deactivate} stops the ingester and the
 * node stands by again. On one machine the role is the home's ingester lock; in a cluster it is a
 * PostgreSQL advisory lock (see {@link PostgresRole}).
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    /** What the service does when this node becomes active and when it stops being active. */
    public interface Activation {
        /** Starts ingesting; owns {@code lock} from now on. Throws when it cannot start: the node retries. */
        void activate(IngesterLock lock, WriteFence fence);

        /** Stops ingesting and releases the lock given to {@link #activate}; the batch in flight rolls back or finishes. */
        void deactivate();
    }

    private final ActiveRole role;
    /** This node's warehouse as a replica of the shared lake; null when the node shares one home's warehouse. */
    private final Replica replica;

    private final String mode;
    private final Activation activation;
    private final Duration poll;
    private final Clock clock;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean active;
    private volatile Instant lastTakeover;

    private ClusterNode(
            ActiveRole role, Replica replica, String mode, Activation activation, Duration poll, Clock clock) {
        this.role = role;
        this.replica = replica;
        this.mode = mode;
        this.activation = activation;
        this.poll = poll;
        this.clock = clock;
        this.thread = new Thread(this::run, "duckdock-takeover");
        this.thread.setDaemon(true);
    }

    /**
     * Joins: in a cluster when cluster.jdbc-url is set, else as a standby on the home's lock. The node
     * tries to take over at once and then every cluster.poll-interval.
     *
     * @throws io.duckdock.error.DuckDockException (configuration) when the cluster database cannot be reached
     */
    public static ClusterNode start(DuckDockConfig config, Clock clock, Activation activation) {
        ClusterNode node;
        if (config.cluster().clustered()) {
            Replica replica = new Replica(config, clock);
            PostgresRole role = new PostgresRole(
                    config.cluster(),
                    config.layout().lockFile(),
                    new NodeTable(config.layout().home().toString(), clock.instant(), replica::state),
                    clock);
            role.connect();
            try {
                ClusterLake.check(config);
            } catch (RuntimeException e) {
                role.close();
                throw e;
            }
            // the session must never look idle while the node lives: check in well within the timeout
            Duration third = config.cluster().sessionTimeout().dividedBy(3);
            Duration poll = config.cluster().pollInterval().compareTo(third) < 0
                    ? config.cluster().pollInterval()
                    : third;
            node = new ClusterNode(role, replica, "cluster", activation, poll, clock);
        } else {
            // the standbys share the home, and with it the warehouse: there is nothing to replicate
            node = new ClusterNode(
                    new LocalRole(config),
                    null,
                    "standby",
                    activation,
                    config.cluster().pollInterval(),
                    clock);
        }
        node.thread.start();
        return node;
    }

    private void run() {
        try {
            while (stopped.getCount() > 0) {
                try {
                    if (active) {
                        if (!role.held()) {
                            LOG.warn(
                                    "cluster: node {} lost the active role; it stops ingesting and stands by",
                                    NodeTable.NODE);
                            stepDown();
                        }
                    } else {
                        tryTakeOver();
                        if (!active && replica != null) {
                            replica.passIfDue();
                        }
                    }
                } catch (RuntimeException e) {
                    // the node must keep polling whatever one attempt threw
                    LOG.error("cluster: node {}: {}", NodeTable.NODE, e.getMessage(), e);
                }
                if (stopped.await(poll.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tryTakeOver() {
        Optional<IngesterLock> lock = role.tryTake();
        if (lock.isEmpty()) {
            return;
        }
        try {
            if (replica != null) {
                replica.catchUpForWriting(role::held);
                // still ours after the catch-up? a node that lost the role meanwhile must not start
                role.fence().check();
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "cluster: node {} took the active role but could not catch its warehouse up with the lake: {}",
                    NodeTable.NODE,
                    e.getMessage());
            lock.get().close();
            role.release();
            return;
        }
        try {
            activation.activate(lock.get(), role.fence());
        } catch (RuntimeException e) {
            LOG.error(
                    "cluster: node {} took the active role but could not start ingesting: {}",
                    NodeTable.NODE,
                    e.getMessage());
            role.release();
            return;
        }
        active = true;
        lastTakeover = clock.instant();
        LOG.info("cluster: node {} is now the active ingester ({})", NodeTable.NODE, mode);
    }

    private void stepDown() {
        active = false;
        try {
            activation.deactivate();
        } finally {
            role.release();
        }
    }

    /** This node's view of the nodes, for status. */
    public ClusterStatus status() {
        var members = role.members();
        Optional<Instant> takeover = mode.equals("cluster")
                ? members.stream()
                        .map(ClusterStatus.Member::activeSince)
                        .flatMap(Optional::stream)
                        .max(Comparator.naturalOrder())
                : Optional.ofNullable(lastTakeover);
        String activeNode = active ? NodeTable.NODE : role.holder();
        return new ClusterStatus(
                mode,
                NodeTable.NODE,
                active ? "active" : "standby",
                activeNode,
                takeover,
                members,
                active ? Optional.empty() : Replica.of(replica));
    }

    public boolean active() {
        return active;
    }

    /** Stops trying, stops ingesting if active, and leaves. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (active) {
                stepDown();
            }
        } finally {
            role.close();
        }
    }
}
