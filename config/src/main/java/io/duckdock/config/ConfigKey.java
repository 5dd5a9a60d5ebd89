package io.duckdock.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration key, as listed by {@link ConfigLoader#keys()} for documentation and
 * {@code --help}.
 *
 * @param name key in {@code section.dashed-name} form, e.g. {@code ingest.max-files-per-batch}
 * @param defaultValue the default as it would be written in the properties file; empty = unset
 * @param description one sentence on what the key controls and which values it accepts
 */
public record ConfigKey(String name, String defaultValue, String description) {
    static final String ENV_PREFIX = "DUCKDOCK_";

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
    }

    /** The environment variable that sets this key, e.g. {@code DUCKDOCK_INGEST_MAX_FILES_PER_BATCH}. */
    public String environmentVariable() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
