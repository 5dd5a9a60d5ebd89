package io.duckdock.ingest.bench;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.Warehouse;
import io.duckdock.ingest.lake.Lake;
import io.duckdock.ingest.query.ReadOnlySql;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query benchmark: the same analyst queries over the warehouse and over the Parquet lake that
 * DuckDock published from it, both read through {@link ReadOnlySql} as {@code duckdock query} reads
 * them; then the lake's compaction of many small files. The two sides of each query run interleaved
 * in this one process, so the lake/db ratios hold on a noisy machine where absolute figures move.
 */
public final class QueryBenchmark {
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    /** Sizes; {@link #standard()} are the figures the README reports. */
    public record Options(long events, long eventsPerBatch, int smallFiles, int eventsPerSmallFile, int repetitions) {
        public static Options standard() {
            // 1,000 small batches: each is three Iceberg commits (~0.2 s), 10,000 would take about 40 minutes
            return new Options(10_000_000, 1_000_000, 1_000, 100, 5);
        }
    }

    /** Median seconds of one query over each side. */
    public record Timing(String query, double databaseSeconds, double lakeSeconds) {
        public double lakeOverDatabase() {
            return lakeSeconds / databaseSeconds;
        }
    }

    /** filesBefore and filesAfter count the visible Parquet files of the whole small-file lake. */
    public record Result(
            long events,
            long lakeFiles,
            List<Timing> timings,
            long filesBefore,
            long filesAfter,
            double compactionSeconds) {}

    private QueryBenchmark() {}

    public static Result run(Path workDir, Options options, PrintStream out) throws SQLException {
        out.printf(
                "query benchmark: %,d events (%d-event conversations over %d days) in batches of %,d, "
                        + "median of %d runs per query; compaction of %,d batches of %d events%n",
                options.events(),
                SyntheticWarehouse.EVENTS_PER_CONVERSATION,
                SyntheticWarehouse.DAYS,
                options.eventsPerBatch(),
                options.repetitions(),
                options.smallFiles(),
                options.eventsPerSmallFile());
        DuckDockConfig config = home(workDir.resolve("home"), Map.of());
        long start = System.nanoTime();
        String conversation;
        long lakeFiles;
        try (Connection connection = writer(config)) {
            SyntheticWarehouse.fill(connection, options.events(), options.eventsPerBatch());
            conversation = SyntheticWarehouse.middleConversation(connection, options.events());
            out.printf("  warehouse filled in %.1f s%n", seconds(start));
            start = System.nanoTime();
            int batches = lake(config).publishPending(connection);
            lakeFiles = BenchFiles.countParquet(config.layout().lake().resolve("events"));
            out.printf("  published %d batches to %,d lake files in %.1f s%n", batches, lakeFiles, seconds(start));
        }
        List<Timing> timings = timeQueries(config, conversation, options.repetitions());
        long filesBefore;
        double compactionSeconds;
        DuckDockConfig small = home(workDir.resolve("home-small"), Map.of());
        try (Connection connection = writer(small)) {
            SyntheticWarehouse.fill(
                    connection,
                    (long) options.smallFiles() * options.eventsPerSmallFile(),
                    options.eventsPerSmallFile());
            start = System.nanoTime();
            int batches = lake(small).publishPending(connection);
            filesBefore = BenchFiles.countParquet(small.layout().lake().resolve("events"));
            out.printf(
                    "  published %,d small batches to %,d lake files in %.1f s%n",
                    batches, filesBefore, seconds(start));
            start = System.nanoTime();
            lake(small).compact(connection);
            compactionSeconds = seconds(start);
        }
        Result result = new Result(
                options.events(),
                lakeFiles,
                timings,
                filesBefore,
                BenchFiles.countParquet(small.layout().lake().resolve("events")),
                compactionSeconds);
        print(result, options, out);
        return result;
    }

    private static List<Timing> timeQueries(DuckDockConfig config, String conversation, int repetitions) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put(
                "count per event type",
                "SELECT event_type, count(*) AS events FROM events GROUP BY event_type ORDER BY event_type");
        // the id is a hex hash DuckDock generated above
        queries.put(
                "one conversation's timeline",
                "SELECT * FROM event_timeline WHERE conversation_id = '" + conversation + "' ORDER BY sequence");
        queries.put("experiment_summary", "SELECT * FROM experiment_summary ORDER BY experiment_id");
        // a warehouse path that does not exist makes ReadOnlySql read the same lake alone
        DuckDockConfig lakeOnly = home(
                config.layout().home(),
                Map.of(
                        "warehouse.path",
                        "lake-only/none.duckdb",
                        "lake.dir",
                        config.layout().lake().toString()));
        List<Timing> timings = new ArrayList<>();
        try (ReadOnlySql database = ReadOnlySql.open(config, LOCK_WAIT);
                ReadOnlySql lake = ReadOnlySql.open(lakeOnly, LOCK_WAIT)) {
            if (database.source() != ReadOnlySql.Source.WAREHOUSE || lake.source() != ReadOnlySql.Source.LAKE) {
                throw new IllegalStateException("query benchmark: expected the warehouse and the lake, got "
                        + database.source() + " and " + lake.source());
            }
            for (Map.Entry<String, String> query : queries.entrySet()) {
                double[] db = new double[repetitions];
                double[] lk = new double[repetitions];
                for (int r = 0; r < repetitions; r++) {
                    QueryRun fromDatabase = QueryRun.of(database, query.getValue());
                    QueryRun fromLake = QueryRun.of(lake, query.getValue());
                    if (!fromDatabase.rows().equals(fromLake.rows())) {
                        throw new IllegalStateException("query benchmark: '" + query.getKey() + "' answers "
                                + fromDatabase.rows().size() + " rows over the warehouse and "
                                + fromLake.rows().size() + " over the lake, or different values");
                    }
                    db[r] = fromDatabase.seconds();
                    lk[r] = fromLake.seconds();
                }
                timings.add(new Timing(query.getKey(), median(db), median(lk)));
            }
        }
        return timings;
    }

    private static void print(Result r, Options options, PrintStream out) {
        out.printf(
                "%nresult (medians of %d runs; %,d events; lake of %,d files)%n",
                options.repetitions(), r.events(), r.lakeFiles());
        out.printf("  %-30s %12s %12s %9s%n", "query", "database", "lake", "lake/db");
        for (Timing t : r.timings()) {
            out.printf(
                    "  %-30s %10.3f s %10.3f s %8.2fx%n",
                    t.query(), t.databaseSeconds(), t.lakeSeconds(), t.lakeOverDatabase());
        }
        out.printf(
                "  lake compaction: %,d files before, %,d after, %.3f s%n",
                r.filesBefore(), r.filesAfter(), r.compactionSeconds());
    }

    private static DuckDockConfig home(Path home, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put("lake.enabled", "true");
        DuckDockConfig config = ConfigLoader.load(home, Map.of(), settings);
        try {
            config.layout().createDirectories();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private static Connection writer(DuckDockConfig config) {
        return Warehouse.openForWriting(
                config.layout().database(), config.warehouse(), config.ingest().lockTimeout());
    }

    private static Lake lake(DuckDockConfig config) {
        return Lake.of(config.lake(), config.layout().lake(), Clock.systemUTC());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
