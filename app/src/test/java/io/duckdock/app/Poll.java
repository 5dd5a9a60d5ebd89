package io.duckdock.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition instead of sleeping for a guessed time. */
public final class Poll {
    private static final long INTERVAL_MILLIS = 50;

    private Poll() {}

    /**
     * Returns as soon as {@code condition} holds; fails naming {@code what} when it still does not
     * after {@code deadline}.
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("still not true after " + deadline.toMillis() + " ms: " + what);
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}
