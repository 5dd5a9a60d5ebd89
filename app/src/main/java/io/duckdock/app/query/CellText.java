package io.duckdock.app.query;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** How a query value reads in a table, CSV or JSON string: timestamps to the second, microseconds when set. */
final class CellText {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CellText() {}

    /** {@code value} as text; null stays null. */
    static String of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDateTime time) {
            String text = SECONDS.format(time);
            return time.getNano() == 0
                    ? text
                    : text + String.format(".%06d", time.getNano() / 1000).replaceAll("0+$", "");
        }
        return value.toString();
    }
}
