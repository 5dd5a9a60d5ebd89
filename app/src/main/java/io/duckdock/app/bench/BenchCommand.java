package io.duckdock.app.bench;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.app.output.PrintWriterOutputStream;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs DuckDock's benchmarks, section by section, in a scratch directory. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run benchmarks in a temporary directory (removed afterwards).")
public final class BenchCommand implements Callable<Integer> {
    /** Every benchmark, in the order run; the extension point for new ones. */
    private List<BenchSection> sections() {
        return List.of(
                new WriterBenchSection(),
                new IngestBenchSection(),
                new BacklogBenchSection(),
                new QueryBenchSection(),
                new LakeBenchSection(),
                new HdfsBenchSection(
                        hdfsUri, () -> CommandContext.load(spec).config().hadoop()));
    }

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Events per writer thread, and events of the ingest batch (default ${DEFAULT-VALUE}).")
    private long events;

    @Option(
            names = "--stored-events",
            paramLabel = "N",
            defaultValue = "50000000",
            description = "Events already stored when the ingest batch is timed on a large table (default"
                    + " ${DEFAULT-VALUE}; needs about 3 GB of disk).")
    private long storedEvents;

    @Option(
            names = "--query-events",
            paramLabel = "N",
            defaultValue = "10000000",
            description = "Events of the warehouse and lake the query benchmark reads (default ${DEFAULT-VALUE}).")
    private long queryEvents;

    @Option(
            names = "--backlog-mb",
            paramLabel = "MB",
            defaultValue = "2048",
            description = "Megabytes of staged Parquet the backlog section drains in a child JVM (default"
                    + " ${DEFAULT-VALUE}; needs about 3x that of disk).")
    private long backlogMb;

    @Option(
            names = "--hdfs-uri",
            paramLabel = "URI",
            description = "Directory on HDFS for the hdfs section (hdfs://namenode:8020/tmp/duckdock-bench;"
                    + " it creates a folder there and deletes it afterwards). Hadoop settings as for"
                    + " staging.dir: hadoop.conf-dir or HADOOP_CONF_DIR, hadoop.property.*.")
    private String hdfsUri;

    @Option(
            names = "--only",
            paramLabel = "NAME",
            split = ",",
            description = "Run only these sections (comma-separated); default: all.")
    private List<String> only;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            throw new CommandFailedException(ErrorCategory.CONFIGURATION, "--events must be >= 1, was " + events);
        }
        if (queryEvents < 1) {
            throw new CommandFailedException(
                    ErrorCategory.CONFIGURATION, "--query-events must be >= 1, was " + queryEvents);
        }
        if (backlogMb < 1) {
            throw new CommandFailedException(
                    ErrorCategory.CONFIGURATION, "--backlog-mb must be >= 1, was " + backlogMb);
        }
        if (hdfsUri != null || (only != null && only.contains(HdfsBenchSection.NAME))) {
            HdfsBenchSection.requireUri(hdfsUri);
        }
        List<BenchSection> selected = selected();
        PrintStream out = PrintWriterOutputStream.printStream(spec.commandLine().getOut());
        for (BenchSection section : selected) {
            out.println("== bench " + section.name() + ": " + section.description());
            Path workDir = Files.createTempDirectory("duckdock-bench-" + section.name() + "-");
            try {
                section.run(workDir, new BenchSizes(events, storedEvents, queryEvents, backlogMb << 20), out);
            } finally {
                deleteRecursively(workDir);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private List<BenchSection> selected() {
        List<BenchSection> sections = sections();
        if (only == null || only.isEmpty()) {
            return sections;
        }
        List<String> names = sections.stream().map(BenchSection::name).collect(Collectors.toList());
        for (String name : only) {
            if (!names.contains(name)) {
                throw new CommandFailedException(
                        ErrorCategory.CONFIGURATION,
                        "Unknown benchmark '" + name + "'; choose from " + String.join(", ", names) + ".");
            }
        }
        return sections.stream().filter(s -> only.contains(s.name())).collect(Collectors.toList());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(BenchCommand::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete benchmark file " + path, e);
        }
    }
}
