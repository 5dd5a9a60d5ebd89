package io.duckdock.app.bench;

import io.duckdock.ingest.bench.LakeBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;

/** What the Iceberg lake adds to publishing a large and a small batch, and how fast restore is. */
final class LakeBenchSection implements BenchSection {
    @Override
    public String name() {
        return "lake";
    }

    @Override
    public String description() {
        return "ingest of a batch of EVENTS events and of 100-event batches with the Iceberg lake on vs"
                + " off, against a plain Parquet COPY of the batch; restore of a warehouse of QUERY-EVENTS"
                + " events from its lake.";
    }

    @Override
    public void run(Path workDir, BenchSizes sizes, PrintStream out) throws Exception {
        LakeBenchmark.Options standard = LakeBenchmark.Options.standard();
        LakeBenchmark.run(
                workDir,
                new LakeBenchmark.Options(
                        sizes.events(),
                        standard.largeBatchFiles(),
                        standard.smallBatchEvents(),
                        standard.smallBatches(),
                        sizes.queryEvents(),
                        standard.repetitions()),
                out);
    }
}
