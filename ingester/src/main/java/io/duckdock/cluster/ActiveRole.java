package io.duckdock.cluster;

import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.WriteFence;
import java.util.List;
import java.util.Optional;

/** The right to ingest: one node holds it at a time, and a node that dies loses it. */
interface ActiveRole extends AutoCloseable {
    /**
     * Tries once to become the active node; on success returns the ingester lock of this node's home,
     * which the caller then owns.
     */
    Optional<IngesterLock> tryTake();

    /** Whether this node still holds the role; a heartbeat too: called every poll while active. */
    boolean held();

    /** The fence the ingester checks before each commit. */
    WriteFence fence();

    /** Gives the role up (the caller has released the ingester lock). */
    void release();

    /** Who holds the role now, as far as this node can tell; for status. */
    String holder();

    /** The nodes this node knows of, this one included. */
    List<ClusterStatus.Member> members();

    @Override
    void close();
}
