package io.duckdock.app;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options accepted by every command, before or after the subcommand name
 * ({@code duckdock --home d produce} and {@code duckdock produce --home d} are the same). Every
 * command mixes this in; the values are stored once, in the root {@link DuckDockCli}.
 */
public final class GlobalOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "DuckDock home directory (default: $DUCKDOCK_HOME, else duckdock-data in the"
                    + " current directory).")
    void setHome(String home) {
        settings().home = home;
    }

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a configuration key (repeatable); wins over environment and file.")
    void setOverride(Map<String, String> overrides) {
        if (overrides == null) {
            return;
        }
        overrides.forEach((key, value) -> {
            if (key.isBlank()) {
                throw new ParameterException(
                        mixee.commandLine(), "--set needs KEY=VALUE, e.g. --set staging.compression=zstd");
            }
            settings().overrides.put(key.trim(), value == null ? "" : value.trim());
        });
    }

    @Option(
            names = "--verbose",
            description = "Print log lines on the terminal too (else only warnings; the rest go to"
                    + " <home>/logs/duckdock.log), and stack traces with internal errors.")
    void setVerbose(boolean verbose) {
        settings().verbose |= verbose;
    }

    private GlobalSettings settings() {
        return ((DuckDockCli) mixee.root().userObject()).settings();
    }
}
