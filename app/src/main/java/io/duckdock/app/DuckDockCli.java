package io.duckdock.app;

import io.duckdock.app.bench.BenchCommand;
import io.duckdock.app.ingest.IngestCommand;
import io.duckdock.app.ingest.RequeueCommand;
import io.duckdock.app.ingest.RunCommand;
import io.duckdock.app.ingest.ValidateCommand;
import io.duckdock.app.produce.ProduceCommand;
import io.duckdock.app.produce.ProduceWorkerCommand;
import io.duckdock.app.stage.StageCommand;
import io.duckdock.config.ConfigLoader;
import io.duckdock.error.DuckDockException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code duckdock} command line: producers' load generator, staging tools and the ingester. */
@Command(
        name = "duckdock",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Stage events as Parquet files lock-free and load them into DuckDB.",
        subcommands = {
            ProduceCommand.class,
            ProduceWorkerCommand.class,
            StageCommand.class,
            SweepCommand.class,
            IngestCommand.class,
            RunCommand.class,
            io.duckdock.app.service.StatusCommand.class,
            io.duckdock.app.demo.DemoCommand.class,
            ValidateCommand.class,
            RequeueCommand.class,
            io.duckdock.app.query.QueryCommand.class,
            io.duckdock.app.query.ViewsCommand.class,
            ConfigCommand.class,
            BenchCommand.class,
            io.duckdock.app.restore.RestoreCommand.class,
        })
public final class DuckDockCli implements Runnable {
    private final Map<String, String> environment;
    private final GlobalSettings settings = new GlobalSettings();

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    /** A CLI reading configuration from the process environment. */
    public DuckDockCli() {
        this(System.getenv());
    }

    /** A CLI reading configuration from {@code environment} instead of the process environment. */
    public DuckDockCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        DuckDockCli cli = new DuckDockCli();
        CommandLine commandLine = newCommandLine(cli);
        commandLine.setExecutionStrategy(parseResult -> {
            cli.configureLogging(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        System.exit(commandLine.execute(args));
    }

    /**
     * Sends log lines where {@link Logging} says, once the command and its home are known. Only the
     * real entry point does this; in-process runs (tests) keep the logging they have.
     */
    private void configureLogging(ParseResult parseResult) {
        List<CommandLine> commands = parseResult.asCommandLineList();
        String command = commands.get(commands.size() - 1).getCommandName();
        Path home;
        try {
            home = ConfigLoader.resolveHome(settings.home, environment);
        } catch (DuckDockException e) {
            return; // the command reports the bad home itself
        }
        Logging.configure(home, command.equals("run") ? Logging.Mode.SERVICE : Logging.Mode.COMMAND, settings.verbose);
    }

    /**
     * A command line for {@code cli} with DuckDock's error handling (one sentence, documented exit
     * code) and exit-code help footers; use it instead of {@code new CommandLine(cli)}.
     */
    public static CommandLine newCommandLine(DuckDockCli cli) {
        CommandLine commandLine = new CommandLine(cli);
        ErrorHandler errors = new ErrorHandler(cli.settings);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setExitCodeExceptionMapper(errors);
        commandLine.setParameterExceptionHandler(DuckDockCli::badUsage);
        addExitCodeFooter(commandLine);
        return commandLine;
    }

    /**
     * A bad option or argument: picocli's one-line message, its "did you mean" suggestions, and
     * where the usage is, instead of the whole usage text.
     */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static void addExitCodeFooter(CommandLine commandLine) {
        commandLine
                .getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.descriptions());
        commandLine.getSubcommands().values().forEach(DuckDockCli::addExitCodeFooter);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    GlobalSettings settings() {
        return settings;
    }

    Map<String, String> environment() {
        return environment;
    }
}
