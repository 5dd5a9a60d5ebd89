package io.duckdock.app.output;

import java.time.Duration;
import java.util.Locale;

/** Human-readable numbers for summaries: {@code 1,234,567}, {@code 12.3 MB}, {@code 4.2s}. */
public final class Units {
    private static final String[] BYTE_UNITS = {"B", "KB", "MB", "GB", "TB"};

    private Units() {}

    public static String count(long amount) {
        return String.format(Locale.ROOT, "%,d", amount);
    }

    /** 1024-based, one decimal above bytes: {@code 512 B}, {@code 1.5 KB}, {@code 64.0 MB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double amount = bytes;
        int unit = 0;
        while (amount >= 1024 && unit < BYTE_UNITS.length - 1) {
            amount /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", amount, BYTE_UNITS[unit]);
    }

    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toNanos() / 1e9);
    }

    /** Events (or anything) per second; 0 for an empty interval. */
    public static String rate(long amount, Duration duration) {
        double seconds = duration.toNanos() / 1e9;
        return String.format(Locale.ROOT, "%,.0f", seconds <= 0 ? 0.0 : amount / seconds);
    }
}
