package io.duckdock.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link DuckDockConfig} from, in increasing precedence, the defaults, the optional
 * {@code <home>/duckdock.properties} file, {@code DUCKDOCK_*} environment variables and command
 * line overrides. Validation is done once, here; every problem is reported together.
 */
public final class ConfigLoader {
    /** Environment variable naming the home directory. */
    public static final String HOME_VARIABLE = "DUCKDOCK_HOME";
    /** Home directory used when neither the command line nor the environment names one. */
    public static final String DEFAULT_HOME = "./duckdock-data";

    private ConfigLoader() {}

    /**
     * The home directory: {@code cliHome} if non-null, else the environment variable
     * {@value #HOME_VARIABLE} if set and non-blank, else {@value #DEFAULT_HOME}; absolute and
     * normalized.
     *
     * @throws ConfigException if the chosen value is not a valid path
     */
    public static Path resolveHome(String cliHome, Map<String, String> env) {
        String origin = "command line";
        String home = cliHome;
        if (home == null) {
            origin = "environment variable " + HOME_VARIABLE;
            home = env.get(HOME_VARIABLE);
        }
        if (home == null || home.isBlank()) {
            origin = "default";
            home = DEFAULT_HOME;
        }
        try {
            return Path.of(home.trim()).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of("home = '" + home + "' (from " + origin
                    + "): must be a valid directory path (" + e.getMessage() + ")"));
        }
    }

    /**
     * Loads and validates the configuration. Only the effective value of a key is validated: a bad
     * value in the file that the environment overrides is not a problem.
     *
     * @param home the home directory, typically from {@link #resolveHome}; made absolute
     * @param env the process environment; {@code DUCKDOCK_*} variables other than
     *     {@code DUCKDOCK_HOME} and {@code DUCKDOCK_JAVA_OPTS} must name a key
     * @param cliOverrides {@code key -> value} pairs from the command line, highest precedence
     * @throws ConfigException listing every unknown key, unreadable file and bad value
     */
    public static DuckDockConfig load(Path home, Map<String, String> env, Map<String, String> cliOverrides)
            throws ConfigException {
        Path root = home.toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        SettingsCollector collector = new SettingsCollector(problems);
        collector.readFile(root.resolve(Layout.PROPERTIES_FILE_NAME));
        collector.readEnvironment(env);
        collector.readCommandLine(cliOverrides);
        DuckDockConfig config = new ConfigBinder(
                        new ValueReader(collector.settings(), collector.hadoopProperties(), problems))
                .bind(root, env);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** Every configuration key with its default and description, for docs and {@code --help}. */
    public static List<ConfigKey> keys() {
        return Keys.ALL;
    }
}
