package io.duckdock.app.bench;

import io.duckdock.app.CommandFailedException;
import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import io.duckdock.ingest.bench.HdfsBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Ingest from HDFS staging against local staging: a large batch and many small files. */
final class HdfsBenchSection implements BenchSection {
    static final String NAME = "hdfs";
    /** For a machine without a cluster: the same section against an in-process HDFS. */
    static final String WITHOUT_CLUSTER = "./mvnw -B -pl bench -am test -Phdfs-bench -Dtest=HdfsBenchmarkOnMiniDfs"
            + " -Dsurefire.failIfNoSpecifiedTests=false";

    private final String hdfsUri;
    private final Supplier<HadoopConfig> hadoop;

    /**
     * @param hdfsUri the {@code --hdfs-uri} directory, or null when not given (the section is skipped)
     * @param hadoop  the Hadoop client settings of DuckDock's configuration (hadoop.conf-dir,
     *     HADOOP_CONF_DIR, hadoop.property.*), read only when the section runs
     */
    HdfsBenchSection(String hdfsUri, Supplier<HadoopConfig> hadoop) {
        this.hdfsUri = hdfsUri;
        this.hadoop = hadoop;
    }

    /**
     * Checks {@code --hdfs-uri} before any section runs.
     *
     * @throws CommandFailedException (exit code 2) when it is missing or not an HDFS directory URI
     */
    static void requireUri(String hdfsUri) {
        if (hdfsUri == null) {
            throw CommandFailedException.usage("The hdfs benchmark needs --hdfs-uri"
                    + " hdfs://namenode:8020/DIR, a directory it may create a folder in (deleted afterwards);"
                    + " without a cluster, run it against an in-process HDFS: " + WITHOUT_CLUSTER);
        }
        String problem;
        try {
            Location location = Location.parse(hdfsUri, Path.of(""));
            // only HDFS, even when DuckDock's storage serves other Hadoop schemes
            if (location.isLocal()) {
                problem = "a local directory";
            } else if (!"hdfs".equals(location.uri().getScheme())) {
                problem = "scheme " + location.uri().getScheme() + ", not hdfs";
            } else {
                problem = null;
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw CommandFailedException.usage("--hdfs-uri must be a directory URI on HDFS, e.g."
                    + " hdfs://namenode:8020/tmp/duckdock-bench; '" + hdfsUri + "': " + problem);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ingest of EVENTS events in 100 files and of 10,000 files of 100 events from HDFS staging"
                + " (--hdfs-uri) vs local staging, taking turns.";
    }

    @Override
    public void run(Path workDir, BenchSizes sizes, PrintStream out) {
        if (hdfsUri == null) {
            out.println("  skipped: no --hdfs-uri; without a cluster: " + WITHOUT_CLUSTER);
            return;
        }
        HdfsBenchmark.Options standard = HdfsBenchmark.Options.standard();
        HdfsBenchmark.run(
                workDir,
                new HdfsBenchmark.Options(
                        sizes.events(),
                        standard.files(),
                        standard.activeConversations(),
                        standard.smallFiles(),
                        standard.eventsPerSmallFile(),
                        standard.repetitions()),
                hdfsUri,
                hadoop.get(),
                out);
    }
}
