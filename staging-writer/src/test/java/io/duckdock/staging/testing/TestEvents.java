package io.duckdock.staging.testing;

import io.duckdock.staging.Event;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Events whose conversation id encodes who wrote them, so tests can check exactly-once delivery. */
public final class TestEvents {
    private TestEvents() {}

    /** An event with conversation id {@code <source>:<sequence>}; equal arguments give equal events. */
    public static Event numbered(String source, long sequence) {
        String key = source + ":" + sequence;
        return Event.builder()
                .eventId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)))
                .conversationId(key)
                .experimentId(sequence % 2 == 0 ? "exp-a" : null)
                .eventType("test")
                .timestampMicros(1_700_000_000_000_000L + sequence)
                .eventData("{\"seq\":" + sequence + "}")
                .build();
    }
}
