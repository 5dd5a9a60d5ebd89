package io.duckdock.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.duckdock.config.ClusterConfig;
import io.duckdock.ingest.scheduler.ClusteredStore;

/** The connection pool on the cluster database that Quartz's clustered job store uses. */
public final class ClusterDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final ClusteredStore store;

    private ClusterDatabase(HikariDataSource pool, ClusteredStore store) {
        this.pool = pool;
        this.store = store;
    }

    /** A small pool: the scheduler's threads and its check-in thread. */
    public static ClusterDatabase open(ClusterConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("duckdock-cluster");
        hikari.setJdbcUrl(
                config.jdbcUrl().orElseThrow(() -> new IllegalArgumentException("cluster.jdbc-url is not set")));
        hikari.setUsername(config.user());
        config.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(1);
        // Quartz commits and rolls back itself
        hikari.setAutoCommit(false);
        // fail at the first use rather than at start: PostgresRole.connect already checked the settings
        hikari.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hikari);
        return new ClusterDatabase(pool, new ClusteredStore(pool, config.checkinInterval()));
    }

    public ClusteredStore store() {
        return store;
    }

    @Override
    public void close() {
        pool.close();
    }
}
