package io.duckdock.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.HadoopConfig;
import io.duckdock.ingest.testing.MiniDfs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The hdfs section end to end at a small size against an in-process HDFS (no timing is asserted). */
@Tag("hdfs")
class HdfsBenchmarkTest {
    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path workDir;

    @Test
    void benchmark_storesEveryEventFromBothStagings_andReportsBothRatios() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        HdfsBenchmark.Result result = HdfsBenchmark.run(
                workDir,
                new HdfsBenchmark.Options(2_000, 4, 20, 30, 10, 1),
                HDFS.uri("bench"),
                HadoopConfig.defaults(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.batch().events()).isEqualTo(2_000);
        assertThat(result.batch().files()).isEqualTo(4);
        assertThat(result.batch().storedLocal()).isEqualTo(2_000);
        assertThat(result.batch().storedHdfs()).isEqualTo(2_000);
        assertThat(result.smallFiles().events()).isEqualTo(300);
        assertThat(result.smallFiles().files()).isEqualTo(30);
        assertThat(result.smallFiles().storedLocal()).isEqualTo(300);
        assertThat(result.smallFiles().storedHdfs()).isEqualTo(300);
        assertThat(result.batch().ratio()).isPositive();
        assertThat(result.smallFiles().ratio()).isPositive();
        assertThat(result.costs().files()).isEqualTo(30);
        assertThat(result.costs().move()).isPositive();
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(report)
                .contains("batch, 2,000 events in 4 files (stored: 2,000 local, 2,000 hdfs)")
                .contains("small files, 300 events in 30 files (stored: 300 local, 300 hdfs)")
                .contains("target: hdfs / local <= 1.5x for the batch")
                .contains("remote calls per small file (30 files")
                .containsPattern("(?s)hdfs / local = \\d+\\.\\d\\dx.*hdfs / local = \\d+\\.\\d\\dx")
                .containsPattern("hdfs  \\d+\\.\\d{3} s = [\\d,]+ files/s, [\\d,]+ events/s");
        // the benchmark's own folder is gone, the operator's directory stays
        assertThat(HDFS.fileSystem().listStatus(new org.apache.hadoop.fs.Path("/bench")))
                .isEmpty();
    }
}
