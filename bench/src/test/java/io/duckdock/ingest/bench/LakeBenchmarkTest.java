package io.duckdock.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake benchmark runs end to end at a small size and reports every figure (no timing is asserted). */
class LakeBenchmarkTest {
    @TempDir
    Path workDir;

    @Test
    void benchmark_reportsPublicationCostAndRestoreSpeed() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LakeBenchmark.Result result = LakeBenchmark.run(
                workDir,
                new LakeBenchmark.Options(20_000, 4, 100, 3, 50_000, 1),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.large().events()).isEqualTo(20_000);
        assertThat(result.small().events()).isEqualTo(100);
        assertThat(result.large().lakeOn()).isPositive();
        assertThat(result.large().plainCopy()).isPositive();
        assertThat(result.restoredEvents()).isEqualTo(50_000);
        assertThat(result.restoreEventsPerSecond()).isPositive();
        System.out.print(printed.toString(StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("plain Parquet COPY of the batch")
                .contains("restore: 50,000 events in");
    }
}
