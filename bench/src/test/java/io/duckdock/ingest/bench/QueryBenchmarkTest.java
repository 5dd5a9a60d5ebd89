package io.duckdock.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query benchmark runs end to end at a small size and reports every comparison (no timing is asserted). */
class QueryBenchmarkTest {
    @TempDir
    Path workDir;

    @Test
    void benchmark_comparesEachQueryOverDatabaseAndLake_andCompactsTheSmallFiles() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        QueryBenchmark.Result result = QueryBenchmark.run(
                workDir,
                new QueryBenchmark.Options(20_000, 5_000, 50, 20, 1),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.events()).isEqualTo(20_000);
        assertThat(result.timings())
                .extracting(QueryBenchmark.Timing::query)
                .containsExactly("count per event type", "one conversation's timeline", "experiment_summary");
        assertThat(result.timings()).allSatisfy(t -> {
            assertThat(t.databaseSeconds()).isPositive();
            assertThat(t.lakeSeconds()).isPositive();
        });
        assertThat(result.filesBefore()).isGreaterThanOrEqualTo(50);
        assertThat(result.filesAfter()).isLessThan(result.filesBefore());
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("lake/db")
                .containsPattern("count per event type +\\d+\\.\\d+ s +\\d+\\.\\d+ s +\\d+\\.\\d+x")
                .containsPattern("one conversation's timeline +\\d+\\.\\d+ s +\\d+\\.\\d+ s +\\d+\\.\\d+x")
                .containsPattern("experiment_summary +\\d+\\.\\d+ s +\\d+\\.\\d+ s +\\d+\\.\\d+x")
                .contains("lake compaction: " + result.filesBefore() + " files before, " + result.filesAfter()
                        + " after");
    }
}
