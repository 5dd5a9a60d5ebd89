package io.duckdock.cluster;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.nio.file.Path;

/** The lake of a cluster is its single source of truth: every node publishes to and replicates from it. */
final class ClusterLake {
    private ClusterLake() {}

    /**
     * @throws DuckDockException (configuration) when the lake is disabled or lies inside this node's
     *     home: the nodes would publish the same batch ids to lakes of their own and never see each
     *     other's batches
     */
    static void check(DuckDockConfig config) {
        if (!config.lake().enabled()) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "cluster.jdbc-url is set but lake.enabled is false: the nodes of a cluster keep their "
                            + "warehouses up to date from the shared lake; set lake.enabled=true and lake.dir to a "
                            + "directory every node shares.");
        }
        if (!config.layout().lakeDir().isLocal()) {
            return; // a Hadoop URI is shared storage by construction
        }
        Path lake = config.layout().lake().toAbsolutePath().normalize();
        Path home = config.layout().home().toAbsolutePath().normalize();
        if (lake.startsWith(home)) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "cluster.jdbc-url is set but lake.dir (" + lake + ") is inside this node's home " + home
                            + ": set lake.dir to the directory every node of the cluster shares (on HDFS or a "
                            + "mount), like staging.dir.");
        }
    }
}
