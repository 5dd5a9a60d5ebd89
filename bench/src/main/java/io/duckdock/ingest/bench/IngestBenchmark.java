package io.duckdock.ingest.bench;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.BatchResult;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.Warehouse;
import io.duckdock.ingest.sql.Micros;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ingest benchmark: DuckDock's ingest against plain copies of the same staged files (with and
 * without DuckDB's insertion order), for files DuckDock's own producer wrote and for foreign
 * unsorted files; the seeds' per-event insert; the same batch on an empty and on a large table; many
 * small files. Both sides of each comparison run in this one process, interleaved, so the printed
 * ratios hold on a noisy shared machine even where absolute figures move.
 */
public final class IngestBenchmark {
    /**
     * Sizes; {@link #standard()} are the figures the README reports.
     *
     * @param activeConversations   DuckDock-written files: conversations of 20 events under way at once
     * @param scatteredConversations foreign files: conversations spread round-robin over every file
     */
    public record Options(
            long events,
            int files,
            int activeConversations,
            int scatteredConversations,
            long storedEvents,
            int smallFiles,
            int eventsPerSmallFile,
            int seedEvents,
            int repetitions) {
        public static Options standard() {
            return new Options(1_000_000, 100, 500, 10_000, 50_000_000, 10_000, 100, 3_000, 5);
        }
    }

    /**
     * Medians of one interleaved comparison, in seconds.
     *
     * @param plainOrdered   {@code INSERT ... SELECT * FROM read_parquet(?)} as DuckDB runs it by default
     * @param plainUnordered the same with {@code preserve_insertion_order = false}
     * @param contractCopy   the same files copied into DuckDock's own events table, without numbering: the floor
     * @param numbering      how DuckDock numbered the batches
     */
    public record Comparison(
            String name,
            long events,
            int files,
            double duckdock,
            double plainOrdered,
            double plainUnordered,
            double contractCopy,
            String numbering) {
        public double eventsPerSecond() {
            return events / duckdock;
        }

        public double filesPerSecond() {
            return files / duckdock;
        }

        public double orderedRatio() {
            return duckdock / plainOrdered;
        }

        public double unorderedRatio() {
            return duckdock / plainUnordered;
        }

        /** What the event table's contract alone costs over the plain copy. */
        public double floorRatio() {
            return contractCopy / plainOrdered;
        }
    }

    /**
     * Stages events the way {@code duckdock produce} does (its concurrent producers, each with its own
     * writer and the default file limits); the CLI supplies it, the benchmark itself cannot reach the
     * command.
     */
    @FunctionalInterface
    public interface Producer {
        /** Writes about {@code events} events into {@code dir} and returns the files, in name order. */
        List<Path> produce(Path dir, long events) throws Exception;
    }

    /** How many times the DuckDock-written batch's events the produced run holds (4M at the standard 1M). */
    public static final int PRODUCED_FACTOR = 4;

    /** @param produced a whole ingest run of files from {@code duckdock produce}, when a producer was given */
    public record Result(
            Comparison own,
            Comparison foreign,
            double seedsEventsPerSecond,
            double largeTableSeconds,
            Comparison smallFiles,
            java.util.Optional<Comparison> produced) {
        public double seedsSpeedup() {
            return own.eventsPerSecond() / seedsEventsPerSecond;
        }

        public double largeTableRatio() {
            return largeTableSeconds / own.duckdock();
        }
    }

    private record Run(double seconds, String numbering) {}

    private IngestBenchmark() {}

    public static Result run(Path workDir, Options options, PrintStream out) throws Exception {
        return run(workDir, options, null, out);
    }

    /** As {@link #run(Path, Options, PrintStream)}, plus a whole run of the files {@code producer} stages. */
    public static Result run(Path workDir, Options options, Producer producer, PrintStream out) throws Exception {
        out.printf(
                "ingest benchmark: %,d events in %d files, DuckDock-written (%,d conversations of %d events under "
                        + "way at once) and foreign (DuckDB-written, %,d conversations scattered over every file); "
                        + "%,d stored events; %,d files of %d events%n",
                options.events(),
                options.files(),
                options.activeConversations(),
                BenchFiles.CONVERSATION_LENGTH,
                options.scatteredConversations(),
                options.storedEvents(),
                options.smallFiles(),
                options.eventsPerSmallFile());
        List<Path> own = BenchFiles.generate(
                workDir.resolve("source-own"), options.events(), options.files(), options.activeConversations());
        List<Path> foreign = BenchFiles.foreign(
                workDir.resolve("source-foreign"), options.events(), options.files(), options.scatteredConversations());
        // an untimed round first: JIT compilation and loading DuckDB's native library would land on run 1
        timeIngest(workDir.resolve("home-warm-up"), own, null);
        Baselines.plainCopy(workDir.resolve("plain-warm-up.duckdb"), own, true);
        Comparison ownBatch = interleaved(workDir, "DuckDock-written", own, options, out);
        Comparison foreignBatch = interleaved(workDir, "foreign", foreign, options, out);
        double seeds = Baselines.seedsPerEventInsert(workDir.resolve("seeds.duckdb"), own.get(0), options.seedEvents());
        out.printf("  seeds' per-event insert: %,.0f events/s over %,d events%n", seeds, options.seedEvents());
        double large = timeIngest(workDir.resolve("home-large"), own, options.storedEvents())
                .seconds();
        out.printf("  same DuckDock-written batch on a table of %,d events: %.3f s%n", options.storedEvents(), large);
        List<Path> small = BenchFiles.generate(
                workDir.resolve("source-small"),
                (long) options.smallFiles() * options.eventsPerSmallFile(),
                options.smallFiles(),
                50);
        Comparison smallFiles = interleaved(workDir, "small files", small, options, out);
        java.util.Optional<Comparison> produced = java.util.Optional.empty();
        if (producer != null) {
            List<Path> files = producer.produce(workDir.resolve("source-produced"), PRODUCED_FACTOR * options.events());
            produced = java.util.Optional.of(interleaved(workDir, "duckdock produce", files, options, out));
        }
        Result result = new Result(ownBatch, foreignBatch, seeds, large, smallFiles, produced);
        print(result, options, out);
        return result;
    }

    private static void print(Result r, Options options, PrintStream out) {
        out.printf(
                "%nresult (medians of %d interleaved runs; whole ingest runs, lake publishing off)%n",
                options.repetitions());
        for (Comparison c : List.of(r.own(), r.foreign())) {
            out.printf(
                    "  %s: %,d events in %d files, numbered by %s%n", c.name(), c.events(), c.files(), c.numbering());
            out.printf("    DuckDock %.3f s = %,.0f events/s (target >= 700,000)%n", c.duckdock(), c.eventsPerSecond());
            out.printf(
                    "    plain INSERT ... read_parquet:                        %.3f s; DuckDock / plain = %.2fx%n",
                    c.plainOrdered(), c.orderedRatio());
            out.printf(
                    "    plain INSERT ... read_parquet, insertion order off:   %.3f s; DuckDock / plain = %.2fx%n",
                    c.plainUnordered(), c.unorderedRatio());
            printFloor(c, out);
        }
        out.printf("    targets: DuckDock / plain <= 1.2x for DuckDock-written files, <= 1.5x for foreign ones%n");
        out.printf(
                "  seeds' per-event insert: %,.0f events/s; DuckDock is %,.0fx faster per event (target >= 500x)%n",
                r.seedsEventsPerSecond(), r.seedsSpeedup());
        out.printf(
                "  DuckDock-written batch on %,d stored events: %.3f s; / empty table = %.2fx (target <= 1.2x)%n",
                options.storedEvents(), r.largeTableSeconds(), r.largeTableRatio());
        Comparison s = r.smallFiles();
        out.printf(
                "  %,d files of %d events (numbered by %s): %.3f s = %,.0f files/s (target >= 2,500)%n",
                s.files(), options.eventsPerSmallFile(), s.numbering(), s.duckdock(), s.filesPerSecond());
        out.printf(
                "    plain copies of the same files: %.3f s (%.2fx), insertion order off %.3f s (%.2fx)%n",
                s.plainOrdered(), s.orderedRatio(), s.plainUnordered(), s.unorderedRatio());
        r.produced().ifPresent(p -> {
            out.printf(
                    "  whole ingest run of %,d events in %d files from duckdock produce (numbered by %s): %.3f s = "
                            + "%,.0f events/s%n",
                    p.events(), p.files(), p.numbering(), p.duckdock(), p.eventsPerSecond());
            out.printf(
                    "    plain copies of the same files: %.3f s (%.2fx, target <= 1.3x), insertion order off %.3f s "
                            + "(%.2fx)%n",
                    p.plainOrdered(), p.orderedRatio(), p.plainUnordered(), p.unorderedRatio());
            printFloor(p, out);
        });
    }

    private static void printFloor(Comparison c, PrintStream out) {
        out.printf(
                "    floor: the same files copied into DuckDock's events table, no numbering: %.3f s = %.2fx plain; "
                        + "DuckDock / floor = %.2fx%n",
                c.contractCopy(), c.floorRatio(), c.duckdock() / c.contractCopy());
    }

    /** DuckDock's ingest and both plain copies of the same files, taking turns; the medians of each. */
    private static Comparison interleaved(Path workDir, String name, List<Path> files, Options options, PrintStream out)
            throws SQLException {
        int n = options.repetitions();
        double[] duckdock = new double[n];
        double[] ordered = new double[n];
        double[] unordered = new double[n];
        double[] contract = new double[n];
        String numbering = "";
        String dirName = name.replace(' ', '-');
        for (int r = 0; r < n; r++) {
            Run run = timeIngest(workDir.resolve("home-" + dirName + "-" + r), files, null);
            duckdock[r] = run.seconds();
            numbering = run.numbering();
            ordered[r] = Baselines.plainCopy(workDir.resolve("plain-" + dirName + "-" + r + ".duckdb"), files, true);
            unordered[r] =
                    Baselines.plainCopy(workDir.resolve("plain-u-" + dirName + "-" + r + ".duckdb"), files, false);
            contract[r] = contractCopy(workDir.resolve("contract-" + dirName + "-" + r), files);
            out.printf(
                    "  %s run %d: duckdock %.3f s (%s), plain copy %.3f s, plain copy unordered %.3f s, "
                            + "copy into the events table %.3f s%n",
                    name, r + 1, duckdock[r], numbering, ordered[r], unordered[r], contract[r]);
        }
        return new Comparison(
                name,
                BenchFiles.rows(files),
                files.size(),
                median(duckdock),
                median(ordered),
                median(unordered),
                median(contract),
                numbering);
    }

    /**
     * Seconds to open a fresh warehouse (DuckDock's schema, as a run opens it) and copy the files into its events
     * table with constant sequence, offset and batch: the event contract's types, NOT NULLs, CHECKs and JSON
     * column, and the columns DuckDock adds, without numbering, deduplication, ledger or file handling.
     */
    private static double contractCopy(Path home, List<Path> files) throws SQLException {
        DuckDockConfig config = freshHome(home, Map.of("lake.enabled", "false"));
        try {
            long start = System.nanoTime();
            try (Connection connection = Warehouse.openForWriting(
                            config.layout().database(),
                            config.warehouse(),
                            config.ingest().lockTimeout());
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO events SELECT event_id, conversation_id, experiment_id, event_type, "
                                    + "\"timestamp\", event_data, 0, 0, 1, filename, now()::TIMESTAMP "
                                    + "FROM read_parquet(?, filename = true)")) {
                insert.setArray(
                        1,
                        connection.createArrayOf(
                                "VARCHAR", files.stream().map(Path::toString).toArray()));
                insert.execute();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            BenchFiles.deleteTree(home);
        }
    }

    /** The configuration of a home with {@code settings}, its directories created. */
    private static DuckDockConfig freshHome(Path home, Map<String, String> settings) {
        DuckDockConfig config = ConfigLoader.load(home, Map.of(), settings);
        try {
            config.layout().createDirectories();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** One whole ingest run of {@code files} into a fresh home, optionally pre-filled with history. */
    private static Run timeIngest(Path home, List<Path> files, Long history) throws SQLException {
        DuckDockConfig config = freshHome(
                home,
                Map.of(
                        "ingest.settle-time",
                        "0s",
                        "ingest.max-files-per-batch",
                        Integer.toString(Math.max(5000, files.size())),
                        "lake.enabled",
                        "false"));
        if (history != null) {
            try (Connection connection = Warehouse.openForWriting(
                    config.layout().database(),
                    config.warehouse(),
                    config.ingest().lockTimeout())) {
                StoredHistory.fill(connection, history, Micros.now());
            }
        }
        BenchFiles.stage(files, config.layout().staging());
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), b -> {})) {
            long start = System.nanoTime();
            IngestReport report = ingester.runOnce(lock);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (report.filesIngested() != files.size()) {
                throw new IllegalStateException("benchmark ingest took " + report.filesIngested() + " of "
                        + files.size() + " files; rejected: " + report.rejectedFiles());
            }
            return new Run(
                    seconds,
                    report.batches().stream()
                            .map(BatchResult::numbering)
                            .distinct()
                            .collect(Collectors.joining("+")));
        } finally {
            BenchFiles.deleteTree(home);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
