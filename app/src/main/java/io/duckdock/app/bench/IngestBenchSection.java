package io.duckdock.app.bench;

import io.duckdock.ingest.bench.IngestBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;

/** The ingest benchmark: DuckDock against a plain copy and the seeds' per-event insert, and at scale. */
final class IngestBenchSection implements BenchSection {
    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "ingest of EVENTS events in 100 files (DuckDock-written and foreign) vs plain INSERT ..."
                + " read_parquet (insertion order on and off) and the seeds' per-event insert; the same batch"
                + " on STORED-EVENTS stored events; 10,000 files of 100.";
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
                out);
    }
}
