package io.duckdock.app.produce;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.duckdock.staging.Event;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The events of one generated conversation, in order: {@code conversation.started}, messages and
 * tool calls with increasing timestamps, then {@code conversation.completed} or (about one in ten)
 * {@code conversation.failed}. Fully determined by the seed and the conversation number, so a run
 * generates the same events however it is split over producers.
 */
final class SyntheticConversation {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] CHANNELS = {"web", "mobile", "api", "slack"};
    private static final String[] TOOLS = {"search", "calculator", "calendar", "code_runner"};
    private static final String[] ERRORS = {"timeout", "rate_limited", "tool_error"};

    private final SplittableRandom random;
    private final int length;
    private final String conversationId;
    private final String experimentId;
    private long timestampMicros;
    private int next;
    private String previousType;

    SyntheticConversation(long seed, long conversation, int length, int experiments, long startMicros) {
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + conversation);
        this.length = length;
        this.conversationId = uuid().toString();
        this.experimentId = "exp-" + random.nextInt(experiments);
        this.timestampMicros = startMicros + random.nextLong(1_000_000);
    }

    String conversationId() {
        return conversationId;
    }

    boolean hasNext() {
        return next < length;
    }

    Event next() {
        String type = nextType();
        Event event = Event.builder()
                .eventId(uuid())
                .conversationId(conversationId)
                .experimentId(experimentId)
                .eventType(type)
                .timestampMicros(timestampMicros)
                .eventData(data(type).toString())
                .build();
        previousType = type;
        next++;
        timestampMicros += 50_000 + random.nextLong(5_000_000);
        return event;
    }

    private String nextType() {
        if (next == 0) {
            return "conversation.started";
        }
        if (next == length - 1) {
            return random.nextInt(10) == 0 ? "conversation.failed" : "conversation.completed";
        }
        if ("tool.called".equals(previousType)) {
            return "tool.returned";
        }
        int roll = random.nextInt(100);
        if (roll < 40) {
            return "message.sent";
        }
        if (roll < 75) {
            return "message.received";
        }
        return roll < 95 ? "tool.called" : "feedback.given";
    }

    private ObjectNode data(String type) {
        ObjectNode data = JSON.objectNode();
        switch (type) {
            case "conversation.started":
                return data.put("channel", pick(CHANNELS)).put("locale", "en-US");
            case "message.sent":
                return data.put("role", "user").put("chars", 10 + random.nextInt(500));
            case "message.received":
                return data.put("role", "assistant")
                        .put("tokens", 20 + random.nextInt(800))
                        .put("latency_ms", 100 + random.nextInt(3000));
            case "tool.called":
                return data.put("tool", pick(TOOLS)).put("args_bytes", random.nextInt(2000));
            case "tool.returned":
                return data.put("ok", random.nextInt(20) != 0).put("duration_ms", random.nextInt(2000));
            case "feedback.given":
                return data.put("rating", 1 + random.nextInt(5));
            case "conversation.failed":
                return data.put("error", pick(ERRORS)).put("turns", next);
            default:
                return data.put("turns", next);
        }
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A random (version 4) UUID from this conversation's generator. */
    private UUID uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
