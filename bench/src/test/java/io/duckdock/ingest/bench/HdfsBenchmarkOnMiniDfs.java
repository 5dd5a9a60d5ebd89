package io.duckdock.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.HadoopConfig;
import io.duckdock.ingest.testing.MiniDfs;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duckdock bench --only hdfs} at the standard sizes for a machine without a cluster: the
 * same section against an in-process HDFS (MiniDFSCluster on loopback, in this JVM), printed on the
 * console. Several minutes; only with
 * {@code ./mvnw -B -pl bench -am test -Phdfs-bench -Dtest=HdfsBenchmarkOnMiniDfs -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("hdfs")
@Tag("soak")
class HdfsBenchmarkOnMiniDfs {
    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path workDir;

    @Test
    void standardSizes() {
        HdfsBenchmark.Options standard = HdfsBenchmark.Options.standard();
        // smaller trial runs: -Dbench.events=N -Dbench.small-files=N -Dbench.repetitions=N
        HdfsBenchmark.Options options = new HdfsBenchmark.Options(
                Long.getLong("bench.events", standard.events()),
                standard.files(),
                standard.activeConversations(),
                Integer.getInteger("bench.small-files", standard.smallFiles()),
                standard.eventsPerSmallFile(),
                Integer.getInteger("bench.repetitions", standard.repetitions()));
        HdfsBenchmark.Result result =
                HdfsBenchmark.run(workDir, options, HDFS.uri("duckdock-bench"), HadoopConfig.defaults(), System.out);

        assertThat(result.batch().storedHdfs()).isEqualTo(options.events());
        assertThat(result.smallFiles().storedHdfs())
                .isEqualTo((long) options.smallFiles() * options.eventsPerSmallFile());
    }
}
