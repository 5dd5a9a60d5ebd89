package io.duckdock.app.bench;

import io.duckdock.ingest.bench.QueryBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;

/** Analyst queries over the warehouse against the same over the lake, and lake compaction. */
final class QueryBenchSection implements BenchSection {
    /** One small lake file to compact per this many query events (10,000 files for 10,000,000). */
    static final long QUERY_EVENTS_PER_SMALL_FILE = 1_000;

    @Override
    public String name() {
        return "query";
    }

    @Override
    public String description() {
        return "count per event type, one conversation's timeline and experiment_summary over a"
                + " warehouse of QUERY-EVENTS events vs over its lake; compaction of QUERY-EVENTS/1,000"
                + " small lake files (at most 10,000).";
    }

    @Override
    public void run(Path workDir, BenchSizes sizes, PrintStream out) throws Exception {
        QueryBenchmark.Options standard = QueryBenchmark.Options.standard();
        long perEvents = sizes.queryEvents() / QUERY_EVENTS_PER_SMALL_FILE;
        long smallFiles = Math.max(2, Math.min(standard.smallFiles(), perEvents));
        QueryBenchmark.run(
                workDir,
                new QueryBenchmark.Options(
                        sizes.queryEvents(),
                        standard.eventsPerBatch(),
                        (int) smallFiles,
                        standard.eventsPerSmallFile(),
                        standard.repetitions()),
                out);
    }
}
