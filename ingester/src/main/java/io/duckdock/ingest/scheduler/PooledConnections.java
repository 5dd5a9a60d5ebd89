package io.duckdock.ingest.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Quartz's view of the cluster's connection pool; the pool's owner closes it, not Quartz. */
final class PooledConnections implements ConnectionProvider {
    private final DataSource dataSource;

    PooledConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool outlives the scheduler: the cluster node closes it
    }

    @Override
    public void initialize() {
        // the pool is ready when it is handed over
    }
}
