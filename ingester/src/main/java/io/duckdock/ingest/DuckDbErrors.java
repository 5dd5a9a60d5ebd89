package io.duckdock.ingest;

import java.sql.SQLException;
import java.util.List;

/**
 * Which DuckDB failures of a load are the input's fault. DuckDB's JDBC driver gives no SQLState;
 * its message starts with the error type ({@code "Constraint Error: NOT NULL constraint failed: ..."}).
 */
final class DuckDbErrors {
    /** A row broke a constraint of the events table or a value did not convert: the event contract. */
    private static final List<String> BROKEN_CONTRACT = List.of("Constraint Error:", "Conversion Error:");
    /** The Parquet reader could not decode a file's data (a corrupt page behind a valid footer). */
    private static final List<String> UNREADABLE_DATA = List.of("Invalid Input Error:", "Invalid Error:");

    private DuckDbErrors() {}

    /** Whether the load failed because a row broke the event contract (a named constraint or cast). */
    static boolean isBrokenContract(SQLException e) {
        return startsWithAny(e, BROKEN_CONTRACT);
    }

    /**
     * Whether reading the files failed because of what is in them: a broken contract, or data the
     * Parquet reader cannot decode. Never an I/O error of the machine, a lock or an interrupt.
     */
    static boolean isBadInput(SQLException e) {
        return startsWithAny(e, BROKEN_CONTRACT) || startsWithAny(e, UNREADABLE_DATA) || isCorruptFile(e);
    }

    /**
     * DuckDB reports a data page whose header points past the end of its file (a corrupt file
     * behind a valid footer) as an I/O error: "IO Error: Could not read enough bytes from file ...".
     * Likewise a page that does not decompress. Those are the file's fault; every other I/O error
     * (a lock, a full disk, a failing device) is the machine's.
     */
    private static boolean isCorruptFile(SQLException e) {
        String message = String.valueOf(e.getMessage()).stripLeading();
        if (!message.startsWith("IO Error:")) {
            return false;
        }
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("io error: could not read enough bytes from file")
                || lower.contains("corrupt")
                || lower.contains("decompress");
    }

    /**
     * Whether DuckDB could not read a file's schema because of what is in it: bad input, or a Parquet
     * feature DuckDB does not implement. Never an I/O error of the machine, a lock or an interrupt.
     */
    static boolean isUnreadableSchema(SQLException e) {
        return isBadInput(e) || startsWithAny(e, List.of("Not implemented Error:"));
    }

    private static boolean startsWithAny(SQLException e, List<String> prefixes) {
        String message = String.valueOf(e.getMessage()).stripLeading();
        return prefixes.stream().anyMatch(message::startsWith);
    }
}
