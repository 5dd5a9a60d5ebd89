package io.duckdock.config;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.util.List;

/**
 * Thrown when the configuration is invalid. Carries every problem found, not only the first; each
 * problem names the key, the bad value, where it came from and what is expected.
 */
public final class ConfigException extends DuckDockException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems at least one human-readable problem, one sentence each */
    public ConfigException(List<String> problems) {
        super(ErrorCategory.CONFIGURATION, message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        StringBuilder message = new StringBuilder("Invalid DuckDock configuration (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            message.append('\n').append("  - ").append(problem);
        }
        return message.toString();
    }
}
