package io.duckdock.staging.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterBenchmarkTest {
    @TempDir
    Path workDir;

    @Test
    void run_reportsPositiveRatesForEveryVariant() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        WriterBenchmarkResult result =
                WriterBenchmark.run(workDir, 2_000, new PrintStream(buffer, true, StandardCharsets.UTF_8));

        assertThat(result.eventsPerThread()).isEqualTo(2_000);
        assertThat(result.rawOneThread()).isPositive();
        assertThat(result.rawTwoThreads()).isPositive();
        assertThat(result.stagingOneThread()).isPositive();
        assertThat(result.stagingTwoThreads()).isPositive();
        assertThat(result.ratioOneThread()).isPositive();
        assertThat(result.rawFresh()).isPositive();
        assertThat(result.stagingFresh()).isPositive();
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .contains(
                        "raw AvroParquetWriter, 1 thread:",
                        "StagingWriter,         2 threads:",
                        "x raw",
                        "a fresh event per write");
    }
}
