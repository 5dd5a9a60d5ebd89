package io.duckdock.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns raw settings into typed values. A bad value becomes a problem naming the key, the value,
 * its origin and what is expected, and the key's default is used so reading can go on and report
 * every problem at once.
 */
final class ValueReader {
    private final Map<String, Setting> settings;
    private final Map<String, String> hadoopProperties;
    private final List<String> problems;

    ValueReader(Map<String, Setting> settings, Map<String, String> hadoopProperties, List<String> problems) {
        this.settings = settings;
        this.hadoopProperties = hadoopProperties;
        this.problems = problems;
    }

    /** A problem that involves more than one key. */
    void problem(String sentence) {
        problems.add(sentence);
    }

    /** The {@code hadoop.property.*} settings, keyed by the Hadoop property name. */
    Map<String, String> hadoopProperties() {
        return hadoopProperties;
    }

    /** A directory named by an environment variable that is not a DuckDock key. */
    Optional<java.nio.file.Path> environmentDirectory(String variable, String value, String expectation) {
        try {
            java.nio.file.Path dir =
                    java.nio.file.Path.of(value).toAbsolutePath().normalize();
            if (java.nio.file.Files.isDirectory(dir)) {
                return Optional.of(dir);
            }
        } catch (IllegalArgumentException e) {
            // reported below with the variable and what is expected
        }
        problems.add("Environment variable " + variable + " = '" + value + "': must be " + expectation);
        return Optional.empty();
    }

    /**
     * The value of a key that always has one; an empty value is a problem.
     *
     * @param parser throws {@link IllegalArgumentException} for malformed text
     * @param expectation completes "must be ...", e.g. "a whole number >= 1"
     */
    <T> T required(ConfigKey key, Function<String, T> parser, Predicate<T> valid, String expectation) {
        Setting setting = setting(key);
        Optional<T> value = parse(key, setting, parser, valid, expectation);
        return value.orElseGet(() -> parser.apply(key.defaultValue()));
    }

    /** The value of a key that may be unset; an empty value means unset. */
    <T> Optional<T> optional(ConfigKey key, Function<String, T> parser, Predicate<T> valid, String expectation) {
        Setting setting = setting(key);
        if (setting.value().isEmpty()) {
            return Optional.empty();
        }
        return parse(key, setting, parser, valid, expectation);
    }

    /** Where every key's effective value came from, in {@link Keys#ALL} order. */
    Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ConfigKey key : Keys.ALL) {
            sources.put(key.name(), setting(key).source());
        }
        return Collections.unmodifiableMap(sources);
    }

    private Setting setting(ConfigKey key) {
        return settings.getOrDefault(key.name(), Setting.ofDefault(key));
    }

    private <T> Optional<T> parse(
            ConfigKey key, Setting setting, Function<String, T> parser, Predicate<T> valid, String expectation) {
        try {
            T value = parser.apply(setting.value());
            if (valid.test(value)) {
                return Optional.of(value);
            }
        } catch (IllegalArgumentException e) {
            // reported below with the key and what is expected
        }
        problems.add(
                key.name() + " = '" + setting.value() + "' (from " + setting.origin() + "): must be " + expectation);
        return Optional.empty();
    }
}
