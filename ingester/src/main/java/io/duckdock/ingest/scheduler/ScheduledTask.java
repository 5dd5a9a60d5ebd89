package io.duckdock.ingest.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A recurring job of the service: a name, when it runs (a fixed interval, or a Quartz cron
 * expression), and its body. Quartz never runs two executions of the same task at once.
 */
public record ScheduledTask(String name, Optional<Duration> interval, Optional<String> cron, Body body) {

    /** The work itself; anything it throws is logged and counted, and the schedule goes on. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    public ScheduledTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        if (interval.isEmpty() == cron.isEmpty()) {
            throw new IllegalArgumentException(
                    "task " + name + " needs exactly one of an interval or a cron expression");
        }
        interval.ifPresent(i -> {
            if (i.isZero() || i.isNegative()) {
                throw new IllegalArgumentException("task " + name + " has a non-positive interval " + i);
            }
        });
    }

    public static ScheduledTask every(String name, Duration interval, Body body) {
        return new ScheduledTask(name, Optional.of(interval), Optional.empty(), body);
    }

    public static ScheduledTask cron(String name, String cron, Body body) {
        return new ScheduledTask(name, Optional.empty(), Optional.of(cron), body);
    }
}
