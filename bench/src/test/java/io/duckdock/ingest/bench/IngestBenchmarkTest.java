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
        IngestBenchmark.Result result = IngestBenchmark.run(
                workDir,
                new IngestBenchmark.Options(20_000, 4, 50, 100, 100_000, 50, 100, 100, 1),
                (dir, events) -> BenchFiles.generate(dir, events, 4, 50),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        for (IngestBenchmark.Comparison c : java.util.List.of(result.own(), result.foreign())) {
            assertThat(c.events()).as(c.name()).isEqualTo(20_000);
            assertThat(c.files()).as(c.name()).isEqualTo(4);
            assertThat(c.duckdock()).isPositive();
            assertThat(c.plainOrdered()).isPositive();
            assertThat(c.plainUnordered()).isPositive();
            assertThat(c.contractCopy()).isPositive();
        }
        assertThat(result.own().numbering()).isEqualTo("file-groups");
        assertThat(result.foreign().numbering()).isEqualTo("window");
        assertThat(result.smallFiles().files()).isEqualTo(50);
        assertThat(result.smallFiles().events()).isEqualTo(5_000);
        assertThat(result.seedsEventsPerSecond()).isPositive();
        assertThat(result.produced()).get().satisfies(p -> {
            assertThat(p.events()).isEqualTo(80_000);
            assertThat(p.files()).isEqualTo(4);
            assertThat(p.duckdock()).isPositive();
        });
        assertThat(result.largeTableSeconds()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("DuckDock / plain =")
                .contains("insertion order off")
                .contains("faster per event")
                .contains("files/s")
                .contains("numbered by window")
                .contains("whole ingest run of 80,000 events in 4 files from duckdock produce")
                .contains("target <= 1.3x")
                .contains("floor: the same files copied into DuckDock's events table, no numbering");
    }
}
