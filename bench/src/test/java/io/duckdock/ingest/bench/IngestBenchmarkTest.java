package io.duckdock.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end at a small size and reports every comparison (no timing is asserted). */
class IngestBenchmarkTest {
    @TempDir
    Path workDir;

    @Test
    void benchmark_reportsEveryComparison() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        IngestBenchmark.Result result = IngestBenchmark.run(workDir,
                new IngestBenchmark.Options(20_000, 4, 100, 100_000, 50, 100, 100, 1),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.events()).isEqualTo(20_000);
        assertThat(result.smallFiles()).isEqualTo(50);
        assertThat(result.duckdockSeconds()).isPositive();
        assertThat(result.plainCopySeconds()).isPositive();
        assertThat(result.seedsEventsPerSecond()).isPositive();
        assertThat(result.largeTableSeconds()).isPositive();
        assertThat(result.smallFilesPlainCopySeconds()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("DuckDock / plain =").contains("faster per event").contains("files/s")
                .contains("plain INSERT ... read_parquet of the same files");
    }
}
