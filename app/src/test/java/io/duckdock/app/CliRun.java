package io.duckdock.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the CLI with captured stdout and stderr. */
public final class CliRun {
    public final int exitCode;
    public final String out;
    public final String err;
    public final CommandLine commandLine;

    private CliRun(int exitCode, String out, String err, CommandLine commandLine) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
        this.commandLine = commandLine;
    }

    /** Runs {@code args} with an empty environment. */
    public static CliRun run(String... args) {
        return runWithEnvironment(Map.of(), args);
    }

    /** Runs {@code args} with {@code --home home} appended. */
    public static CliRun inHome(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home);
        return run(all.toArray(String[]::new));
    }

    public static CliRun runWithEnvironment(Map<String, String> environment, String... args) {
        CommandLine commandLine = DuckDockCli.newCommandLine(new DuckDockCli(environment));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString(), commandLine);
    }

    /** The user object of subcommand {@code name}, to read results it kept. */
    public <T> T command(String name, Class<T> type) {
        return type.cast(commandLine.getSubcommands().get(name).getCommand());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
