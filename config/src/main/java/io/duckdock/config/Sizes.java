package io.duckdock.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats byte sizes: a whole number with an optional 1024-based unit {@code B},
 * {@code KB}, {@code MB}, {@code GB}, {@code TB} (also {@code KiB} ... {@code TiB}), case-insensitive.
 * A plain number is a number of bytes.
 */
public final class Sizes {
    static final String ACCEPTED_FORMS =
            "a whole number with an optional unit B, KB, MB, GB or TB (e.g. 100B, 512KB, 64MB, 1GB)";

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(b|([kmgt])i?b)?");
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB"};

    private Sizes() {}

    /**
     * Parses {@code text} (surrounding whitespace ignored) to a number of bytes.
     *
     * @throws IllegalArgumentException if the text is null, negative, has an unknown unit or does not
     *     fit a {@code long}; the message names the value and the accepted forms
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Invalid size null: expected " + ACCEPTED_FORMS);
        }
        Matcher matcher = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Invalid size '" + text + "': expected " + ACCEPTED_FORMS);
        }
        int exponent =
                matcher.group(3) == null ? 0 : "_kmgt".indexOf(matcher.group(3).charAt(0));
        try {
            long amount = Long.parseLong(matcher.group(1));
            return Math.multiplyExact(amount, 1L << (10 * exponent));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("Invalid size '" + text + "': value is too large", e);
        }
    }

    /**
     * Formats {@code bytes} in the largest unit that represents it exactly ({@code 64MB},
     * {@code 1536B}), so that {@code parse(format(n)) == n} for every {@code n >= 0}.
     */
    public static String format(long bytes) {
        int unit = 0;
        long amount = bytes;
        while (amount != 0 && unit < UNITS.length - 1 && amount % 1024 == 0) {
            amount /= 1024;
            unit++;
        }
        return amount + UNITS[unit];
    }
}
