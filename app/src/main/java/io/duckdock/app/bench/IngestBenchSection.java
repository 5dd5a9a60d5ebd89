package io.duckdock.app.bench;

import io.duckdock.app.DuckDockCli;
import io.duckdock.ingest.bench.IngestBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/** The ingest benchmark: DuckDock against a plain copy and the seeds' per-event insert, and at scale. */
final class IngestBenchSection implements BenchSection {
    /** Events per conversation of {@code duckdock produce}'s default. */
    private static final int EVENTS_PER_CONVERSATION = 20;

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "ingest of EVENTS events in 100 files (DuckDock-written and foreign) vs plain INSERT ..."
                + " read_parquet (insertion order on and off) and the seeds' per-event insert; the same batch"
                + " on STORED-EVENTS stored events; 10,000 files of 100; a whole ingest run of 4 x EVENTS events"
                + " staged by duckdock produce.";
    }

    @Override
    public void run(Path workDir, BenchSizes sizes, PrintStream out) throws Exception {
        IngestBenchmark.Options standard = IngestBenchmark.Options.standard();
        IngestBenchmark.run(
                workDir,
                new IngestBenchmark.Options(
                        sizes.events(),
                        standard.files(),
                        standard.activeConversations(),
                        standard.scatteredConversations(),
                        sizes.storedEvents(),
                        standard.smallFiles(),
                        standard.eventsPerSmallFile(),
                        standard.seedEvents(),
                        standard.repetitions()),
                IngestBenchSection::produce,
                out);
    }

    /** {@code duckdock produce} with its defaults (4 producer threads) into a home of its own under {@code dir}. */
    private static List<Path> produce(Path dir, long events) throws IOException {
        StringWriter printed = new StringWriter();
        CommandLine cli = DuckDockCli.newCommandLine(new DuckDockCli(Map.of()));
        cli.setOut(new PrintWriter(printed));
        cli.setErr(new PrintWriter(printed));
        int exit = cli.execute(
                "produce",
                "--home",
                dir.toString(),
                "--conversations",
                Long.toString(Math.max(1, events / EVENTS_PER_CONVERSATION)),
                "--seed",
                "9");
        if (exit != 0) {
            throw new IllegalStateException("duckdock produce failed (exit " + exit + "): " + printed);
        }
        try (Stream<Path> staged = Files.list(dir.resolve("staging"))) {
            return staged.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
