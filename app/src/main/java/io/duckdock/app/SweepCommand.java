package io.duckdock.app;

import io.duckdock.app.output.Units;
import io.duckdock.config.Durations;
import io.duckdock.error.ErrorCategory;
import io.duckdock.staging.StagedFileNames;
import io.duckdock.staging.SweepResult;
import io.duckdock.staging.TempFileSweeper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Deletes hidden temp files that crashed producers left in the staging directory. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Delete abandoned hidden temp files (.duckdock-*.parquet.tmp) older than"
                    + " staging.temp-file-max-age from the staging directory. Published files are never"
                    + " touched."
        })
final class SweepCommand implements Callable<Integer> {
    private final Clock clock;

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--older-than",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Minimum age of a temp file to delete (default: staging.temp-file-max-age).")
    private Duration olderThan;

    SweepCommand() {
        this(Clock.systemUTC());
    }

    SweepCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        CommandContext context = CommandContext.load(spec);
        Duration maxAge =
                olderThan != null ? olderThan : context.config().staging().tempFileMaxAge();
        PrintWriter out = spec.commandLine().getOut();
        if (!context.config().layout().stagingDir().isLocal()) {
            String remote = context.config().layout().stagingDir().toString();
            return report(TempFileSweeper.sweep(remote, context.config().hadoop(), maxAge, clock), maxAge, remote);
        }
        Path staging = context.config().layout().staging();
        if (!Files.exists(staging)) {
            out.println("nothing to sweep: " + staging + " does not exist");
            return ExitCodes.OK;
        }
        if (!Files.isDirectory(staging)) {
            throw CommandFailedException.usage(
                    "staging.dir = " + staging + " is not a directory; point staging.dir at the staging directory");
        }
        Instant cutoff = clock.instant().minus(maxAge);
        List<Path> candidates;
        try {
            candidates = oldHiddenFiles(staging, cutoff);
        } catch (IOException e) {
            throw CommandFailedException.usage("Cannot list staging.dir = " + staging + " ("
                    + e.getClass().getSimpleName() + "); check its" + " permissions");
        }
        SweepResult result = TempFileSweeper.sweep(staging.toString(), maxAge, clock);
        for (Path candidate : candidates) {
            if (!Files.exists(candidate)) {
                out.println("removed " + candidate.getFileName());
            }
        }
        return report(result, maxAge, staging.toString());
    }

    private int report(SweepResult result, Duration maxAge, String staging) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "swept %d temp files (%s) older than %s from %s%n",
                result.deleted(), Units.bytes(result.bytes()), Durations.format(maxAge), staging);
        out.flush();
        if (!result.failures().isEmpty()) {
            throw new CommandFailedException(
                    ErrorCategory.INTERNAL,
                    "Could not delete "
                            + result.failures().size()
                            + " temp files in "
                            + staging
                            + "; the next sweep retries them: "
                            + String.join("; ", result.failures()));
        }
        return ExitCodes.OK;
    }

    /** Hidden files old enough to be swept, listed to name what the sweep removed. */
    private static List<Path> oldHiddenFiles(Path staging, Instant cutoff) throws IOException {
        try (Stream<Path> files = Files.list(staging)) {
            return files.filter(
                            file -> StagedFileNames.isHidden(file.getFileName().toString()))
                    .filter(file -> modifiedBefore(file, cutoff))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static boolean modifiedBefore(Path file, Instant cutoff) {
        try {
            return !Files.getLastModifiedTime(file).toInstant().isAfter(cutoff);
        } catch (IOException e) {
            return false;
        }
    }
}
