package io.duckdock.ingest.sql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way DuckDock waits for a DuckDB file held by another process. DuckDB has no busy timeout:
 * an open or {@code ATTACH} of a file another process holds fails at once with "Could not set lock
 * on file". Only that failure is retried, with exponential backoff, until a deadline.
 */
public final class LockRetry {
    private static final Logger LOG = LoggerFactory.getLogger(LockRetry.class);
    private static final String LOCK_CONFLICT = "Could not set lock on file";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** An attempt to take the file: opening a connection, or attaching it. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** Hears each wait (after every backoff sleep), for the lock-wait metrics. */
    @FunctionalInterface
    public interface Waits {
        Waits NONE = waited -> {};

        void waited(Duration waited);
    }

    /** The file was still held at the deadline; carries DuckDB's message naming the holder. */
    public static final class StillLocked extends Exception {
        private static final long serialVersionUID = 1L;
        private final Duration waited;

        StillLocked(Duration waited, String duckDbMessage) {
            super(SqlText.firstLine(duckDbMessage));
            this.waited = waited;
        }

        public Duration waited() {
            return waited;
        }
    }

    private LockRetry() {}

    /** Whether {@code e} is DuckDB's "another process holds this file" failure. */
    public static boolean isLockConflict(SQLException e) {
        return String.valueOf(e.getMessage()).contains(LOCK_CONFLICT);
    }

    /**
     * Runs {@code attempt} until it succeeds, retrying lock conflicts until {@code wait} has passed.
     *
     * @param what what is being opened, for the log line (a path)
     * @throws StillLocked when the file was still held at the deadline
     * @throws SQLException any other failure, at once
     * @throws InterruptedSqlException when interrupted while waiting (the interrupt flag is restored)
     */
    public static <T> T run(String what, Duration wait, Waits waits, Attempt<T> attempt)
            throws SQLException, StillLocked {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        Duration backoff = FIRST_BACKOFF;
        for (int attempts = 1; ; attempts++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (!isLockConflict(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw new StillLocked(Duration.ofNanos(now - start), e.getMessage());
                }
                if (attempts == 1) {
                    LOG.info("{} is locked by another process; retrying for up to {} ms", what, wait.toMillis());
                }
                sleep(Math.min(backoff.toNanos(), deadline - now), what);
                waits.waited(Duration.ofNanos(System.nanoTime() - now));
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** As {@link #run}, but empty instead of {@link StillLocked}: for readers that have another way. */
    public static <T> Optional<T> runOrGiveUp(String what, Duration wait, Attempt<T> attempt) throws SQLException {
        try {
            return Optional.of(run(what, wait, Waits.NONE, attempt));
        } catch (StillLocked e) {
            return Optional.empty();
        }
    }

    private static void sleep(long nanos, String what) throws SQLException {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedSqlException("Interrupted while waiting for " + what, e);
        }
    }

    /** Interrupted while waiting for the lock; the thread's interrupt flag is set again. */
    public static final class InterruptedSqlException extends SQLException {
        private static final long serialVersionUID = 1L;

        InterruptedSqlException(String message, InterruptedException cause) {
            super(message, cause);
        }
    }
}
