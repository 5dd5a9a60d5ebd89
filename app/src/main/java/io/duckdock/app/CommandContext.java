package io.duckdock.app;

import io.duckdock.config.ConfigException;
import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command runs with: the home directory and the configuration, loaded once per command
 * from the global options, the environment and {@code <home>/duckdock.properties}.
 *
 * @param overrides the {@code --set} overrides, highest precedence
 * @param environment the environment the configuration was read from
 */
public record CommandContext(
        Path home,
        DuckDockConfig config,
        Map<String, String> overrides,
        Map<String, String> environment,
        boolean verbose) {

    public CommandContext {
        overrides = Map.copyOf(overrides);
        environment = Map.copyOf(environment);
    }

    /**
     * Loads the context of the command {@code spec} belongs to.
     *
     * @throws ConfigException if the configuration is invalid (exit code 2)
     */
    public static CommandContext load(CommandSpec spec) {
        DuckDockCli cli = (DuckDockCli) spec.root().userObject();
        GlobalSettings settings = cli.settings();
        Path home = ConfigLoader.resolveHome(settings.home, cli.environment());
        DuckDockConfig config = ConfigLoader.load(home, cli.environment(), settings.overrides);
        return new CommandContext(home, config, settings.overrides, cli.environment(), settings.verbose);
    }

    /**
     * The staging directory, created if missing; a remote one is created by the staging writer.
     *
     * @return the local directory, or null when staging is on a remote file system
     * @throws CommandFailedException (exit code 2) if it cannot be created
     */
    public Path stagingDirectory() {
        if (!config.layout().stagingDir().isLocal()) {
            return null;
        }
        Path staging = config.layout().staging();
        try {
            return Files.createDirectories(staging);
        } catch (IOException e) {
            throw new CommandFailedException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot create the staging directory "
                            + staging
                            + " ("
                            + e.getClass().getSimpleName()
                            + "); point staging.dir at a writable directory.",
                    e);
        }
    }
}
