package io.duckdock.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a node knows about the nodes: its own role, who is active, and the last takeover.
 *
 * @param mode {@code single} (no standby), {@code standby} (nodes waiting on one home's lock) or
 *             {@code cluster} (nodes sharing a PostgreSQL)
 * @param node this node's name, {@code host/pid}
 * @param role {@code active} or {@code standby}
 * @param activeNode the active node as far as this node knows; for a local standby what its lock
 *                   file says
 * @param lastTakeover when this node (single, standby) or any node (cluster) last became active
 * @param members every node the cluster database knows, newest check-in first; empty outside a cluster
 * @param replica this node's replica of the lake while it stands by in a cluster; empty otherwise
 */
public record ClusterStatus(
        String mode,
        String node,
        String role,
        String activeNode,
        Optional<Instant> lastTakeover,
        List<Member> members,
        Optional<Replica.State> replica) {
    public ClusterStatus {
        members = List.copyOf(members);
    }

    /** A service that ingests on its own: no standby, no cluster. */
    public static ClusterStatus single() {
        return new ClusterStatus(
                "single", NodeTable.NODE, "active", NodeTable.NODE, Optional.empty(), List.of(), Optional.empty());
    }

    /**
     * A node of the cluster.
     *
     * @param alive whether it checked in within the session timeout
     * @param replica its replica at its last check-in (a standby's); empty for the active node
     */
    public record Member(
            String node,
            String home,
            String role,
            Instant startedAt,
            Instant seenAt,
            Optional<Instant> activeSince,
            boolean alive,
            Optional<Lag> replica) {}

    /** A standby's replica as it checked in: batches behind the lake and the lag of its last applied batches. */
    public record Lag(long batch, long lagBatches, Duration lag) {}
}
