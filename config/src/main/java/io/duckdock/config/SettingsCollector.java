package io.duckdock.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Gathers raw settings from the properties file, the environment and the command line, later
 * sources overriding earlier ones. Unknown keys and unreadable files become problems.
 */
final class SettingsCollector {
    /** {@code DUCKDOCK_} variables read by the launcher, not configuration keys. */
    static final Set<String> NON_KEY_VARIABLES = Set.of("DUCKDOCK_HOME", "DUCKDOCK_JAVA_OPTS");

    private final Map<String, Setting> settings = new HashMap<>();
    private final Map<String, String> hadoopProperties = new TreeMap<>();
    private final List<String> problems;

    SettingsCollector(List<String> problems) {
        this.problems = problems;
    }

    /** The effective explicit setting of every key that was set somewhere. */
    Map<String, Setting> settings() {
        return settings;
    }

    /** {@code hadoop.property.<name>} settings by {@code <name>}, later sources overriding. */
    Map<String, String> hadoopProperties() {
        return hadoopProperties;
    }

    /** Reads the properties file as UTF-8; a missing file has no entries. */
    void readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | IllegalArgumentException e) {
            problems.add("Cannot read configuration file " + file + ": " + e.getMessage());
            return;
        }
        String origin = "file " + file;
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            put(name, properties.getProperty(name), Setting.FILE_SOURCE, origin);
        }
    }

    /** Reads every {@code DUCKDOCK_*} variable except {@link #NON_KEY_VARIABLES}. */
    void readEnvironment(Map<String, String> env) {
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(ConfigKey.ENV_PREFIX) || NON_KEY_VARIABLES.contains(variable)) {
                continue;
            }
            ConfigKey key = Keys.BY_ENVIRONMENT_VARIABLE.get(variable);
            if (key == null) {
                problems.add(unknownVariable(variable));
            } else {
                set(key, entry.getValue(), Setting.ENV_SOURCE, "environment variable " + variable);
            }
        }
    }

    /** Reads {@code key -> value} overrides given on the command line. */
    void readCommandLine(Map<String, String> overrides) {
        for (Map.Entry<String, String> entry : new TreeMap<>(overrides).entrySet()) {
            put(entry.getKey().trim(), entry.getValue(), Setting.CLI_SOURCE, "command line");
        }
    }

    private void put(String name, String value, String source, String origin) {
        ConfigKey key = Keys.BY_NAME.get(name);
        if (name.startsWith(HadoopConfig.PROPERTY_PREFIX)) {
            String property = name.substring(HadoopConfig.PROPERTY_PREFIX.length());
            if (property.isEmpty()) {
                problems.add("Configuration key '" + name + "' (in " + origin + ") names no Hadoop"
                        + " property; write " + HadoopConfig.PROPERTY_PREFIX + "<name>, e.g. "
                        + HadoopConfig.PROPERTY_PREFIX + "dfs.replication");
            } else {
                hadoopProperties.put(property, value == null ? "" : value.trim());
            }
        } else if (key == null) {
            problems.add(unknownKey(name, origin));
        } else {
            set(key, value, source, origin);
        }
    }

    private void set(ConfigKey key, String value, String source, String origin) {
        settings.put(key.name(), new Setting(value == null ? "" : value.trim(), source, origin));
    }

    private static String unknownKey(String name, String origin) {
        return "Unknown configuration key '" + name + "' (in " + origin + ")"
                + Suggestions.closest(name, Keys.BY_NAME.keySet())
                        .map(suggestion -> "; did you mean '" + suggestion + "'?")
                        .orElse("; see the list of configuration keys");
    }

    private static String unknownVariable(String variable) {
        return "Unknown configuration key in environment variable " + variable
                + Suggestions.closest(variable, Keys.BY_ENVIRONMENT_VARIABLE.keySet())
                        .map(suggestion -> "; did you mean " + suggestion + " ("
                                + Keys.BY_ENVIRONMENT_VARIABLE.get(suggestion).name() + ")?")
                        .orElse("; DUCKDOCK_* variables must name a configuration key");
    }
}
