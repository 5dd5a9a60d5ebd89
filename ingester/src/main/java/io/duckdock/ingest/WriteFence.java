package io.duckdock.ingest;

/**
 * Whether this process may still write: checked inside each batch's transaction, just before it
 * commits. A single-node ingester is fenced by its {@link IngesterLock} alone and uses {@link #OPEN};
 * a cluster node passes a fence that knows whether it still holds the active role.
 */
@FunctionalInterface
public interface WriteFence {
    /** Never closed: the ingester lock of the home is the only fence. */
    WriteFence OPEN = () -> {};

    /**
     * Returns normally while this process may write.
     *
     * @throws FencedException when it lost the right to write; the batch then rolls back
     */
    void check();
}
