package io.duckdock.staging.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test advances it, and counts how often it is read, so a test
 * can wait for a background thread's next look at the time instead of sleeping. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final AtomicLong reads = new AtomicLong();
    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public static MutableClock atEpochPlus(Duration offset) {
        return new MutableClock(Instant.EPOCH.plus(offset));
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** How many times {@link #instant()} or {@link #millis()} was called. */
    public long reads() {
        return reads.get();
    }

    @Override
    public Instant instant() {
        reads.incrementAndGet();
        return now;
    }

    @Override
    public long millis() {
        reads.incrementAndGet();
        return now.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }
}
