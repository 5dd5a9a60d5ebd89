package io.duckdock.ingest.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** One JDBC transaction around a piece of work: all of it commits, or it is rolled back and rethrown. */
public final class Transactions {
    /** Work that returns a result. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws SQLException;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    private Transactions() {}

    /** Runs {@code work} in one transaction; a rollback failure is attached to the original error. */
    public static <T> T call(Connection connection, Call<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            T result = work.call();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** As {@link #call}, for work without a result. */
    public static void run(Connection connection, Work work) throws SQLException {
        call(connection, () -> {
            work.run();
            return null;
        });
    }
}
