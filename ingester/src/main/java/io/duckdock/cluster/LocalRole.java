package io.duckdock.cluster;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.IngesterLockedException;
import io.duckdock.ingest.WriteFence;
import java.util.List;
import java.util.Optional;

/**
 * The role on one machine: the ingester lock of the shared home itself. The kernel releases it when
 * its holder dies, even by SIGKILL, and never while the holder lives, so it is its own fence. With
 * staging on HDFS the role also takes the shared lock beside it, as a single ingester does (a killed
 * holder's lease then delays the takeover by up to HDFS's soft limit, see the README).
 */
final class LocalRole implements ActiveRole {
    private final DuckDockConfig config;
    private volatile String holder = "nobody";

    LocalRole(DuckDockConfig config) {
        this.config = config;
    }

    @Override
    public Optional<IngesterLock> tryTake() {
        try {
            IngesterLock lock = IngesterLock.acquire(config);
            holder = "this node";
            return Optional.of(lock);
        } catch (IngesterLockedException e) {
            holder = e.holder();
            return Optional.empty();
        }
    }

    @Override
    public boolean held() {
        return true;
    }

    @Override
    public WriteFence fence() {
        return WriteFence.OPEN;
    }

    @Override
    public void release() {
        holder = "nobody";
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public List<ClusterStatus.Member> members() {
        return List.of();
    }

    @Override
    public void close() {
        // the ingester lock is owned by the service that was given it
    }
}
