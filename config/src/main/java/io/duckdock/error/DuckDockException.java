package io.duckdock.error;

import java.util.Objects;

/**
 * Base of every DuckDock failure that reaches a user. The message is one sentence naming the key,
 * file or database involved and what to do; the {@link ErrorCategory} decides the exit code.
 */
public class DuckDockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;

    public DuckDockException(ErrorCategory category, String message) {
        super(message);
        this.category = Objects.requireNonNull(category, "category");
    }

    public DuckDockException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
    }

    public ErrorCategory category() {
        return category;
    }
}
