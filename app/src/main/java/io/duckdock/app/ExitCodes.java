package io.duckdock.app;

import io.duckdock.error.ErrorCategory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every DuckDock command; also listed at the end of each {@code --help}. */
public final class ExitCodes {
    /** The command did everything it was asked to. */
    public static final int OK = 0;
    /** An unexpected error (a bug or an environment failure); --verbose shows the stack trace. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad command line, bad configuration or a missing input file; nothing was done. */
    public static final int USAGE = 2;
    /** Some input (lines or whole files) was rejected; the rest was processed. */
    public static final int INPUT_REJECTED = 3;
    /** Another ingester holds the ingest lock. */
    public static final int INGESTER_RUNNING = 4;
    /** The database stayed locked by another process past ingest.lock-timeout. */
    public static final int DATABASE_LOCKED = 5;

    private ExitCodes() {}

    /** The one place a failure's category becomes an exit code. */
    public static int of(ErrorCategory category) {
        return switch (category) {
            case CONFIGURATION -> USAGE;
            case REJECTED_INPUT -> INPUT_REJECTED;
            case INGESTER_BUSY -> INGESTER_RUNNING;
            case DATABASE_BUSY -> DATABASE_LOCKED;
            case INTERNAL -> INTERNAL_ERROR;
        };
    }

    /** Code to one-line description, in the order shown by {@code --help}. */
    public static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(" " + OK, "ok");
        codes.put(" " + INTERNAL_ERROR, "unexpected internal error (--verbose shows the stack trace)");
        codes.put(" " + USAGE, "usage or configuration error");
        codes.put(" " + INPUT_REJECTED, "some input was rejected (lines or files)");
        codes.put(" " + INGESTER_RUNNING, "another ingester holds the lock");
        codes.put(" " + DATABASE_LOCKED, "the database stayed locked past ingest.lock-timeout");
        return codes;
    }
}
