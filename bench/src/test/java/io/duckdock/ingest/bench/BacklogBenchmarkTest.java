package io.duckdock.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backlog benchmark drains a small backlog in a child JVM and reports what it measured (no figure asserted). */
@Tag("jvm")
class BacklogBenchmarkTest {
    @TempDir
    Path workDir;

    @Test
    void benchmark_drainsTheBacklogInAChildJvmAndReportsItsPeakMemory() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        BacklogBenchmark.Result result =
                BacklogBenchmark.run(workDir, 1, 30_000, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.files()).isEqualTo(1);
        assertThat(result.events()).isEqualTo(30_000);
        assertThat(result.batches()).isEqualTo(1);
        assertThat(result.peakRssKb()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("peak RSS")
                .contains("events/s");
    }
}
