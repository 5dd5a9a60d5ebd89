package io.duckdock.ingest.scheduler;

import io.duckdock.error.DuckDockException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one task's body, logging and counting failures so that a failing task never stops the others. */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final ScheduledTask task;
    private final Clock clock;
    private long runs;
    private long failures;
    private Instant lastSuccess;
    private Instant lastFailure;
    private String lastError;

    TaskRunner(ScheduledTask task, Clock clock) {
        this.task = task;
        this.clock = clock;
    }

    void runNow() {
        try {
            task.body().run();
            synchronized (this) {
                runs++;
                lastSuccess = clock.instant();
                lastError = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            record(e);
        } catch (Exception | Error e) {
            record(e);
        }
    }

    private void record(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        synchronized (this) {
            runs++;
            failures++;
            lastFailure = clock.instant();
            lastError = message;
        }
        if (e instanceof DuckDockException) {
            // its message names the file, key or database and what to do; a stack trace adds nothing
            LOG.error("{} failed: {}", task.name(), message);
        } else {
            LOG.error("{} failed: {}", task.name(), message, e);
        }
    }

    synchronized TaskStats stats() {
        return new TaskStats(
                task.name(),
                runs,
                failures,
                Optional.ofNullable(lastSuccess),
                Optional.ofNullable(lastFailure),
                Optional.ofNullable(lastError));
    }
}
