package io.duckdock.error;

/**
 * What kind of failure reached the user, and so what they can do about it. The command line maps
 * each category to one documented exit code, in one place.
 */
public enum ErrorCategory {
    /** Bad command line, configuration, path or input file name: fix it and run again. */
    CONFIGURATION,
    /** Some input (lines or whole files) was rejected and kept for a human; the rest went through. */
    REJECTED_INPUT,
    /** Another ingester holds the writer's lock: wait for it, or stop it. */
    INGESTER_BUSY,
    /** Another process kept the warehouse file locked past the configured wait: retry later. */
    DATABASE_BUSY,
    /** Anything else: a bug or a failure of the environment (disk, network). */
    INTERNAL
}
