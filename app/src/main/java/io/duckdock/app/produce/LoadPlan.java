package io.duckdock.app.produce;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@code produce} run generates: {@code conversations x eventsPerConversation} events split
 * over {@code producers}, optionally paced to {@code eventsPerSecond} in total and cut off after
 * {@code duration}.
 *
 * @param eventsPerSecond total rate over all producers; 0 = as fast as possible
 * @param duration stop after this long even if not every event was written; null = no limit
 */
record LoadPlan(
        long conversations,
        int eventsPerConversation,
        int producers,
        int experiments,
        long seed,
        double eventsPerSecond,
        Duration duration) {

    LoadPlan {
        require(conversations >= 0, "--conversations must be >= 0");
        require(eventsPerConversation >= 1, "--events-per-conversation must be >= 1");
        require(producers >= 1, "--producers must be >= 1");
        require(experiments >= 1, "--experiments must be >= 1");
        require(eventsPerSecond >= 0, "--rate must be >= 0");
        require(duration == null || !duration.isNegative(), "--duration must be >= 0");
    }

    long totalEvents() {
        return conversations * eventsPerConversation;
    }

    /** The conversations producer {@code index} writes: an even, contiguous share. */
    Share share(int index) {
        long from = conversations * index / producers;
        long to = conversations * (index + 1) / producers;
        return new Share(index, from, to);
    }

    /** Events per second for one producer, 0 = unpaced. */
    double producerRate() {
        return eventsPerSecond / producers;
    }

    Optional<Duration> maxDuration() {
        return Optional.ofNullable(duration);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Conversations {@code [from, to)} of producer {@code index}. */
    record Share(int index, long from, long to) {
        long events(int eventsPerConversation) {
            return (to - from) * eventsPerConversation;
        }
    }
}
