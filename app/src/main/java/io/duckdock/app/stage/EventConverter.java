package io.duckdock.app.stage;

import io.duckdock.staging.Event;
import io.duckdock.staging.InvalidEventException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Turns the text fields of an input record into a validated {@link Event}. */
final class EventConverter {
    private static final Pattern EPOCH_MICROS = Pattern.compile("-?\\d{1,19}");
    private static final String HEX = "\\p{XDigit}";
    private static final Pattern UUID_TEXT =
            Pattern.compile(HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}");

    private EventConverter() {}

    /**
     * @throws IllegalArgumentException with a one-sentence reason naming the field, including
     *     {@link InvalidEventException} from the event's own validation
     */
    static Event toEvent(RawEvent raw) {
        Event.Builder builder = Event.builder()
                .conversationId(raw.conversationId())
                .experimentId(blankToNull(raw.experimentId()))
                .eventType(raw.eventType())
                .eventData(raw.eventData());
        if (raw.eventId() != null && !raw.eventId().isBlank()) {
            builder.eventId(uuid(raw.eventId().trim()));
        }
        if (raw.timestamp() != null && !raw.timestamp().isBlank()) {
            String timestamp = raw.timestamp().trim();
            if (EPOCH_MICROS.matcher(timestamp).matches()) {
                builder.timestampMicros(epochMicros(timestamp));
            } else {
                builder.timestamp(instant(timestamp));
            }
        }
        return builder.build();
    }

    private static UUID uuid(String text) {
        // UUID.fromString accepts shortened forms such as "1-2-3-4-5"; require the canonical one.
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "event_id '" + text + "' is not a UUID (expected 8-4-4-4-12 hex digits)");
        }
        return UUID.fromString(text);
    }

    private static long epochMicros(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timestamp " + digits + " does not fit in epoch microseconds");
        }
    }

    private static Instant instant(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .parse(text, OffsetDateTime::from)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp '"
                    + text
                    + "' is neither ISO-8601 with an offset (2024-05-01T12:00:00Z)"
                    + " nor epoch microseconds");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
