package io.duckdock.config;

/**
 * One raw configuration value and where it came from.
 *
 * @param value the trimmed text
 * @param source {@code default}, {@code file}, {@code env} or {@code cli}
 * @param origin where exactly, for messages: {@code file /x/duckdock.properties},
 *     {@code environment variable DUCKDOCK_X}, {@code command line}
 */
record Setting(String value, String source, String origin) {
    static final String DEFAULT_SOURCE = "default";
    static final String FILE_SOURCE = "file";
    static final String ENV_SOURCE = "env";
    static final String CLI_SOURCE = "cli";

    static Setting ofDefault(ConfigKey key) {
        return new Setting(key.defaultValue(), DEFAULT_SOURCE, "default");
    }
}
