package io.duckdock.app;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;

/**
 * A failure a command finds itself (a bad option value, a missing input file): one sentence naming
 * the option or file and what to do. Like every {@link DuckDockException}, its category alone
 * decides the exit code, in {@link ExitCodes#of}.
 */
public final class CommandFailedException extends DuckDockException {
    private static final long serialVersionUID = 1L;

    public CommandFailedException(ErrorCategory category, String message) {
        super(category, message);
    }

    public CommandFailedException(ErrorCategory category, String message, Throwable cause) {
        super(category, message, cause);
    }

    /** A bad option value or input file name: nothing was done (exit code 2). */
    public static CommandFailedException usage(String message) {
        return new CommandFailedException(ErrorCategory.CONFIGURATION, message);
    }
}
