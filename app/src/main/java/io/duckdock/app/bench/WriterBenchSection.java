package io.duckdock.app.bench;

import io.duckdock.staging.bench.WriterBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;

/** The staging writer throughput benchmark. */
final class WriterBenchSection implements BenchSection {
    @Override
    public String name() {
        return "writer";
    }

    @Override
    public String description() {
        return "StagingWriter throughput: EVENTS events per writer thread.";
    }

    @Override
    public void run(Path workDir, BenchSizes sizes, PrintStream out) throws Exception {
        WriterBenchmark.run(workDir, sizes.events(), out);
    }
}
