package io.duckdock.app.bench;

import io.duckdock.ingest.bench.BacklogBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;

/** Peak memory of an ingest process draining a large backlog with default settings. */
final class BacklogBenchSection implements BenchSection {
    @Override
    public String name() {
        return "backlog";
    }

    @Override
    public String description() {
        return "peak RSS and time of one ingest in a child JVM (default settings) draining BACKLOG-MB of"
                + " foreign Parquet.";
    }

    @Override
    public void run(Path workDir, BenchSizes sizes, PrintStream out) throws Exception {
        BacklogBenchmark.run(workDir, sizes.backlogBytes(), out);
    }
}
