package io.duckdock.staging;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then a 12-bit counter
 * ({@code rand_a}, "method 1" of the RFC), then 62 random bits. Within one process the values are
 * strictly increasing, even when the wall clock steps back or more than 4096 ids are drawn in one
 * millisecond (the counter then borrows the next millisecond).
 */
public final class UuidV7 {
    /** (unix millis << 12) | counter of the last id handed out. */
    private static final AtomicLong LAST = new AtomicLong();
    /** Mixed into the random bits so processes whose thread-local seeds coincide still differ. */
    private static final long PROCESS_NONCE = new SecureRandom().nextLong();

    private UuidV7() {}

    public static UUID next() {
        long now = System.currentTimeMillis() << 12;
        long previous;
        long current;
        do {
            previous = LAST.get();
            current = Math.max(now, previous + 1);
        } while (!LAST.compareAndSet(previous, current));

        long millis = current >>> 12;
        long counter = current & 0xFFFL;
        long msb = (millis << 16) | 0x7000L | counter;
        long random = ThreadLocalRandom.current().nextLong() ^ PROCESS_NONCE;
        long lsb = (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
