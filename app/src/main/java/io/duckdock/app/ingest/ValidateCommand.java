package io.duckdock.app.ingest;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.config.Location;
import io.duckdock.ingest.StagingScanner;
import io.duckdock.ingest.Validator;
import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A dry run of the ingester's judgement on some files; writes nothing. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Say what the ingester would do with each file (ingest N rows, or reject and why) without"
                    + " writing anything. A directory means its non-hidden files. Exits 3 when a file would be"
                    + " rejected. Content already ingested is not checked (that needs the ledger)."
        })
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Parquet files or directories: local paths or hdfs:// URIs.")
    private List<String> inputs;

    @Override
    public Integer call() throws IOException {
        CommandContext context = CommandContext.load(spec);
        Validator validator = new Validator(context.config().warehouse());
        List<Path> local = new ArrayList<>();
        List<Validator.Verdict> verdicts = new ArrayList<>();
        for (String input : inputs) {
            if (Location.hasScheme(input)) {
                verdicts.addAll(validateRemote(context, validator, input));
            } else {
                local.add(Path.of(input));
            }
        }
        List<Path> files = expand(local);
        if (!files.isEmpty()) {
            verdicts.addAll(0, validator.validate(files));
        }
        PrintWriter out = spec.commandLine().getOut();
        int rejected = 0;
        for (Validator.Verdict verdict : verdicts) {
            if (verdict.accepted()) {
                out.printf("ok      %s (%,d rows)%n", verdict.file(), verdict.rows());
            } else {
                rejected++;
                out.printf("reject  %s%n", verdict.reason().orElse(verdict.file()));
            }
        }
        out.printf(
                "%d files: %d would be ingested, %d rejected%n", verdicts.size(), verdicts.size() - rejected, rejected);
        out.flush();
        return rejected > 0 ? ExitCodes.INPUT_REJECTED : ExitCodes.OK;
    }

    /** A file, or a directory's non-hidden files, on a remote file system. */
    private static List<Validator.Verdict> validateRemote(CommandContext context, Validator validator, String input)
            throws IOException {
        Location location;
        try {
            location = Location.parse(input, context.home());
        } catch (IllegalArgumentException e) {
            throw CommandFailedException.usage("Cannot validate " + input + " (" + e.getMessage()
                    + "); give a local path or an" + " hdfs://namenode:port/path URI");
        }
        if (location.isLocal()) {
            return validator.validate(List.of(location.localPath()));
        }
        String path = location.uri().getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        Location parent = new Location(location.uri().resolve("."));
        Directory dir = Directory.of(parent, context.config().hadoop());
        if (name.isEmpty() || dir.directories().contains(name)) {
            Directory inside = name.isEmpty() ? dir : dir.child(name);
            List<String> names = inside.files().stream()
                    .map(Directory.Entry::name)
                    .filter(n -> !StagingScanner.isHidden(n))
                    .sorted()
                    .toList();
            return validator.validate(inside, names);
        }
        return validator.validate(dir, List.of(name));
    }

    private static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
                throw CommandFailedException.usage("No such file or directory: " + input + "; nothing was validated.");
            }
            if (Files.isDirectory(input)) {
                try (Stream<Path> entries = Files.list(input)) {
                    entries.filter(p -> !StagingScanner.isHidden(p.getFileName().toString()))
                            .filter(p -> !Files.isDirectory(p))
                            .sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(input);
            }
        }
        return files;
    }
}
