package io.duckdock.staging;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One event, validated when built: {@code conversation_id} and {@code event_type} are required and
 * non-blank, {@code timestamp} is required, {@code event_data} is optional but must be exactly one
 * JSON value when present. {@code event_id} defaults to a fresh {@link UuidV7}.
 */
public final class Event {
    private final UUID eventId;
    private final String conversationId;
    private final String experimentId;
    private final String eventType;
    private final long timestampMicros;
    private final String eventData;

    private Event(Builder builder, long timestampMicros) {
        this.eventId = builder.eventId != null ? builder.eventId : UuidV7.next();
        this.conversationId = builder.conversationId;
        this.experimentId = builder.experimentId;
        this.eventType = builder.eventType;
        this.timestampMicros = timestampMicros;
        this.eventData = builder.eventData;
    }

    public static Builder builder() {
        return new Builder();
    }

    public UUID eventId() {
        return eventId;
    }

    public String conversationId() {
        return conversationId;
    }

    public Optional<String> experimentId() {
        return Optional.ofNullable(experimentId);
    }

    public String eventType() {
        return eventType;
    }

    /** Microseconds since the Unix epoch, UTC. */
    public long timestampMicros() {
        return timestampMicros;
    }

    /** The JSON payload, exactly as given. */
    public Optional<String> eventData() {
        return Optional.ofNullable(eventData);
    }

    /** For the writer's hot path, where an {@code Optional} per call is measurable. */
    String experimentIdOrNull() {
        return experimentId;
    }

    String eventDataOrNull() {
        return eventData;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event other
                && timestampMicros == other.timestampMicros
                && eventId.equals(other.eventId)
                && conversationId.equals(other.conversationId)
                && Objects.equals(experimentId, other.experimentId)
                && eventType.equals(other.eventType)
                && Objects.equals(eventData, other.eventData);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }

    @Override
    public String toString() {
        return "Event{event_id=" + eventId + ", conversation_id=" + conversationId
                + ", experiment_id=" + experimentId + ", event_type=" + eventType
                + ", timestamp=" + timestampMicros + ", event_data=" + eventData + "}";
    }

    /** Not thread-safe; {@link #build()} validates and may be called repeatedly. */
    public static final class Builder {
        private UUID eventId;
        private String conversationId;
        private String experimentId;
        private String eventType;
        private Instant timestamp;
        private long timestampMicros;
        private boolean hasTimestampMicros;
        private String eventData;

        private Builder() {}

        /** Optional; a {@link UuidV7} is generated when omitted. */
        public Builder eventId(UUID eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder conversationId(String conversationId) {
            this.conversationId = conversationId;
            return this;
        }

        /** Optional. */
        public Builder experimentId(String experimentId) {
            this.experimentId = experimentId;
            return this;
        }

        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        /** Microseconds since the Unix epoch; replaces an earlier {@link #timestamp(Instant)}. */
        public Builder timestampMicros(long timestampMicros) {
            this.timestampMicros = timestampMicros;
            this.hasTimestampMicros = true;
            this.timestamp = null;
            return this;
        }

        /** Truncated to microseconds; replaces an earlier {@link #timestampMicros(long)}. */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            this.hasTimestampMicros = false;
            return this;
        }

        /** Optional JSON payload; must be exactly one JSON value. */
        public Builder eventData(String json) {
            this.eventData = json;
            return this;
        }

        /** @throws InvalidEventException naming the first invalid field */
        public Event build() {
            requireText("conversation_id", conversationId);
            requireText("event_type", eventType);
            long micros = resolveTimestamp();
            if (eventData != null) {
                String problem = JsonValidator.problem(eventData);
                if (problem != null) {
                    throw new InvalidEventException("event_data", "must be valid JSON: " + problem);
                }
            }
            return new Event(this, micros);
        }

        private long resolveTimestamp() {
            if (hasTimestampMicros) {
                return timestampMicros;
            }
            if (timestamp == null) {
                throw new InvalidEventException("timestamp", "is required");
            }
            try {
                return Math.addExact(
                        Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L), timestamp.getNano() / 1_000);
            } catch (ArithmeticException e) {
                throw new InvalidEventException(
                        "timestamp", "is out of range for microseconds since the epoch: " + timestamp);
            }
        }

        private static void requireText(String field, String value) {
            if (value == null || onlySpaces(value)) {
                throw new InvalidEventException(field, "is required and must not be empty");
            }
        }

        /**
         * Blank in Java's sense or made of Unicode spaces (no-break space included), so that every
         * value the ingester's non-empty check would refuse is refused here, before it is staged.
         */
        private static boolean onlySpaces(String value) {
            return value.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
        }
    }
}
