package io.duckdock.staging.bench;

import io.duckdock.staging.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic, realistic-looking events: few conversations and types, ~150 bytes of JSON. */
public final class BenchmarkEvents {
    private static final String[] TYPES = {"message", "tool_call", "tool_result", "feedback", "error"};
    private static final String[] WORDS = {
        "duck", "lake", "parquet", "stream", "batch", "river", "query", "token", "model", "answer", "context", "window"
    };

    private BenchmarkEvents() {}

    public static List<Event> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>(count);
        long timestamp = 1_750_000_000_000_000L;
        for (int i = 0; i < count; i++) {
            timestamp += random.nextInt(1, 2_000);
            StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(4, 12); w > 0; w--) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            events.add(Event.builder()
                    .conversationId("conv-" + random.nextInt(1_000))
                    .experimentId(random.nextBoolean() ? "exp-" + random.nextInt(8) : null)
                    .eventType(TYPES[random.nextInt(TYPES.length)])
                    .timestampMicros(timestamp)
                    .eventData("{\"turn\":" + random.nextInt(50) + ",\"tokens\":" + random.nextInt(4_000)
                            + ",\"model\":\"m-" + random.nextInt(3) + "\",\"text\":\""
                            + text.toString().trim() + "\"}")
                    .build());
        }
        return events;
    }
}
