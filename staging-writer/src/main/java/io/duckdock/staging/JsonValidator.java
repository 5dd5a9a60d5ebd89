package io.duckdock.staging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Checks that a string is exactly one JSON value, by streaming over its tokens without building a tree. */
final class JsonValidator {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonValidator() {}

    /** Returns null when {@code json} is one valid JSON value, otherwise a description of the problem. */
    static String problem(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                return "contains no JSON value";
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "has content after the JSON value at character "
                        + parser.currentTokenLocation().getCharOffset();
            }
            return null;
        } catch (JsonProcessingException e) {
            return e.getLocation() == null
                    ? e.getOriginalMessage()
                    : e.getOriginalMessage() + " at character "
                            + e.getLocation().getCharOffset();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading JSON from a String failed", e);
        }
    }
}
