package io.duckdock.app.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * JSON Lines: one JSON object per line. Each line is read and parsed on its own, so a broken line
 * is reported with its number and text and never affects the next one. Blank lines are skipped.
 */
final class JsonLinesSource implements RecordSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BufferedReader reader;
    private long lineNumber;

    JsonLinesSource(BufferedReader reader) {
        this.reader = reader;
    }

    @Override
    public SourceRecord next() throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (!line.isBlank()) {
                return parse(line);
            }
        }
        return null;
    }

    private SourceRecord parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return SourceRecord.rejected(lineNumber, line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            return SourceRecord.rejected(lineNumber, line, "expected a JSON object, found " + kind(node));
        }
        try {
            RawEvent event = new RawEvent(
                    text(node, RawEvent.EVENT_ID),
                    text(node, RawEvent.CONVERSATION_ID),
                    text(node, RawEvent.EXPERIMENT_ID),
                    text(node, RawEvent.EVENT_TYPE),
                    timestamp(node),
                    eventData(node));
            return SourceRecord.of(lineNumber, line, event);
        } catch (IllegalArgumentException e) {
            return SourceRecord.rejected(lineNumber, line, e.getMessage());
        }
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(field + " must be a string, found " + kind(value));
        }
        return value.asText();
    }

    /** ISO-8601 text, or a whole number of epoch microseconds. */
    private static String timestamp(JsonNode object) {
        JsonNode value = object.get(RawEvent.TIMESTAMP);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        throw new IllegalArgumentException(
                "timestamp must be ISO-8601 text or whole epoch microseconds, found " + kind(value));
    }

    /** Any JSON value, stored as its JSON text; a JSON string stays a JSON string. */
    private static String eventData(JsonNode object) {
        JsonNode value = object.get(RawEvent.EVENT_DATA);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event_data cannot be written as JSON: " + e);
        }
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
