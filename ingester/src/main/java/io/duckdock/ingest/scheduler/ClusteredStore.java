package io.duckdock.ingest.scheduler;

import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where a clustered scheduler keeps its jobs: Quartz's tables in the cluster's PostgreSQL, so that
 * each job runs on one node at a time and a dead node's jobs move to a live one.
 *
 * @param dataSource a pool on the cluster database; the caller closes it after the scheduler
 * @param checkinInterval how often this node checks in; a node silent for about this plus 7.5 s is
 *                        declared dead
 */
public record ClusteredStore(DataSource dataSource, Duration checkinInterval) {
    public ClusteredStore {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(checkinInterval, "checkinInterval");
    }
}
