package io.duckdock.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the compact duration syntax used in configuration: a whole number followed by
 * one of the units {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms},
 * {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d}).
 */
public final class Durations {
    static final String ACCEPTED_FORMS = "a whole number followed by ms, s, m, h or d (e.g. 500ms, 5s, 2m, 1h, 7d)";

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code text} (surrounding whitespace ignored, unit case-insensitive).
     *
     * @throws IllegalArgumentException if the text is null, negative, has no or an unknown unit, or
     *     does not fit a {@link Duration}; the message names the value and the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Invalid duration null: expected " + ACCEPTED_FORMS);
        }
        Matcher matcher = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Invalid duration '" + text + "': expected " + ACCEPTED_FORMS);
        }
        try {
            long amount = Long.parseLong(matcher.group(1));
            switch (matcher.group(2)) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                default:
                    return Duration.ofDays(amount);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("Invalid duration '" + text + "': value is too large", e);
        }
    }

    /**
     * Formats {@code duration} in the largest unit that represents it exactly, so that
     * {@code parse(format(d)).equals(d)} for every non-negative whole-millisecond duration. Zero is
     * {@code 0s}. A duration with a sub-millisecond part falls back to ISO-8601 ({@code PT0.0000001S}).
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis % Duration.ofDays(1).toMillis() == 0) {
            return duration.toDays() + "d";
        }
        if (millis % Duration.ofHours(1).toMillis() == 0) {
            return duration.toHours() + "h";
        }
        if (millis % Duration.ofMinutes(1).toMillis() == 0) {
            return duration.toMinutes() + "m";
        }
        if (millis % 1000 == 0) {
            return duration.toSeconds() + "s";
        }
        return millis + "ms";
    }
}
