package io.duckdock.app;

import io.duckdock.app.output.TextTable;
import io.duckdock.config.ConfigKey;
import io.duckdock.config.ConfigLoader;
import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Layout;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows the effective configuration and where each value came from. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Print the effective configuration: every key, its value and its source" + " (default, file, env or cli).",
            "Precedence, lowest first: defaults, <home>/duckdock.properties,"
                    + " DUCKDOCK_* environment variables, --set."
        })
final class ConfigCommand implements Callable<Integer> {
    private static final String HIDDEN = "********";

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(names = "--keys", description = "List every key with its default and description.")
    private boolean listKeys;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (listKeys) {
            TextTable table = new TextTable("KEY", "DEFAULT", "ENVIRONMENT VARIABLE", "DESCRIPTION");
            for (ConfigKey key : ConfigLoader.keys()) {
                table.row(key.name(), key.defaultValue(), key.environmentVariable(), key.description());
            }
            table.print(out);
            return ExitCodes.OK;
        }
        CommandContext context = CommandContext.load(spec);
        Map<String, String> sources = context.config().sources();
        Properties file = readProperties(context.config().layout().propertiesFile());
        out.println("home: " + context.home());
        TextTable table = new TextTable("KEY", "VALUE", "SOURCE");
        for (ConfigKey key : ConfigLoader.keys()) {
            String source = sources.getOrDefault(key.name(), "default");
            String value = rawValue(key, source, context, file);
            table.row(key.name(), isSecret(key) && !value.isEmpty() ? HIDDEN : value, source);
        }
        table.print(out);
        printFileSystems(context, out);
        return ExitCodes.OK;
    }

    /** Which file system each directory is on, and the Hadoop settings used for remote ones. */
    private static void printFileSystems(CommandContext context, PrintWriter out) {
        Layout layout = context.config().layout();
        TextTable table = new TextTable("DIRECTORY", "LOCATION", "FILE SYSTEM");
        table.row(
                "staging.dir",
                layout.stagingDir().toString(),
                layout.stagingDir().fileSystem());
        table.row(
                "archive.dir",
                layout.archiveDir().toString(),
                layout.archiveDir().fileSystem());
        table.row(
                "rejected.dir",
                layout.rejectedDir().toString(),
                layout.rejectedDir().fileSystem());
        table.row("lake.dir", layout.lakeDir().toString(), layout.lakeDir().fileSystem());
        table.row("ingest.spool-dir", layout.spool().toString(), "local");
        out.println();
        table.print(out);
        HadoopConfig hadoop = context.config().hadoop();
        out.println("hadoop: site files from "
                + hadoop.confDir().map(Object::toString).orElse("(none)")
                + (hadoop.properties().isEmpty() ? "" : "; properties " + hadoop.properties()));
    }

    /** The text the value was given as, in the place the loader says it came from. */
    private static String rawValue(ConfigKey key, String source, CommandContext context, Properties file) {
        String value;
        switch (source) {
            case "cli":
                value = context.overrides().get(key.name());
                break;
            case "env":
                value = context.environment().get(key.environmentVariable());
                break;
            case "file":
                value = file.getProperty(key.name());
                break;
            default:
                value = key.defaultValue();
        }
        return value == null ? "" : value.trim();
    }

    private static boolean isSecret(ConfigKey key) {
        String name = key.name().toLowerCase(Locale.ROOT);
        return name.endsWith("token") || name.endsWith("password") || name.endsWith("secret");
    }

    private static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return properties;
        } catch (IOException e) {
            throw new CommandFailedException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot read the configuration file " + file + " (" + e.getMessage() + ").",
                    e);
        }
        return properties;
    }
}
