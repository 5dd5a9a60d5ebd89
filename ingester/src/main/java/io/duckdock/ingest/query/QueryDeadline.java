package io.duckdock.ingest.query;

import io.duckdock.config.Durations;
import io.duckdock.ingest.sql.SqlText;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops a statement that runs past query.timeout, so that an analyst cannot hold the warehouse for
 * ever: a timer thread interrupts DuckDB ({@link Statement#cancel}) while it computes the result,
 * and a caller still reading the rows stops at the next row ({@link #check}).
 */
final class QueryDeadline implements AutoCloseable {
    private final Duration timeout;
    private final Timer timer = new Timer("duckdock-query-timeout", true);
    private final AtomicBoolean expired = new AtomicBoolean();

    private QueryDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    static QueryDeadline start(Statement statement, Duration timeout) {
        QueryDeadline deadline = new QueryDeadline(timeout);
        deadline.timer.schedule(
                new TimerTask() {
                    @Override
                    public void run() {
                        deadline.expired.set(true);
                        try {
                            statement.cancel();
                        } catch (SQLException e) {
                            // the statement already finished or failed; a caller reading rows stops at check()
                        }
                    }
                },
                Math.max(1, timeout.toMillis()));
        return deadline;
    }

    /** @throws QueryFailedException when the timeout has passed */
    void check() {
        if (expired.get()) {
            throw timedOut(null);
        }
    }

    /** What {@code e} means to the analyst: the timeout when it has passed, else DuckDB's own message. */
    QueryFailedException failure(SQLException e) {
        return expired.get() ? timedOut(e) : new QueryFailedException(SqlText.duckDbMessage(e), e);
    }

    private QueryFailedException timedOut(Throwable cause) {
        String limit = Durations.format(timeout);
        return new QueryFailedException(
                "the query ran longer than query.timeout (" + limit + ") and was stopped, "
                        + "so that it does not keep the ingester waiting; narrow it (WHERE, LIMIT) or raise the limit, e.g. "
                        + "--set query.timeout=" + Durations.format(timeout.multipliedBy(3)) + ".",
                cause);
    }

    @Override
    public void close() {
        timer.cancel();
    }
}
