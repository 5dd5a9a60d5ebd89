package io.duckdock.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import io.duckdock.app.ExitCodes;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void bench_writer_printsThroughput() {
        CliRun run = CliRun.run("bench", "--events=2000", "--only=writer");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("== bench writer", "StagingWriter", "events/s");
    }

    @Test
    void bench_query_printsLakeOverDatabaseRatiosAndTheCompaction() {
        CliRun run = CliRun.run("bench", "--query-events=20000", "--only=query");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .contains("== bench query", "lake/db", "experiment_summary")
                .containsPattern("lake compaction: \\d+ files before, \\d+ after");
    }

    @Test
    void bench_queryEventsBelowOne_exitsTwoNamingTheOption() {
        CliRun run = CliRun.run("bench", "--query-events=0", "--only=query");

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("--query-events must be >= 1, was 0");
    }

    @Test
    void bench_unknownSection_exitsTwoListingTheSections() {
        CliRun run = CliRun.run("bench", "--only=nope");

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("Unknown benchmark 'nope'; choose from writer");
    }

    @Test
    void bench_hdfsWithoutUri_exitsTwoNamingTheOptionAndTheRunWithoutACluster() {
        CliRun run = CliRun.run("bench", "--only=hdfs");

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains("The hdfs benchmark needs --hdfs-uri hdfs://namenode:8020/DIR")
                .contains("-Phdfs-bench -Dtest=HdfsBenchmarkOnMiniDfs");
    }

    @Test
    void bench_hdfsUriOfALocalDirectory_exitsTwoNamingTheOption() {
        CliRun run = CliRun.run("bench", "--only=hdfs", "--hdfs-uri=/tmp/duckdock-bench");

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err)
                .contains("--hdfs-uri must be a directory URI on HDFS")
                .contains("'/tmp/duckdock-bench': a local directory");
    }

    @Test
    void bench_hdfsUriOfAnotherFileSystem_exitsTwoNamingTheOption() {
        for (String uri : new String[] {"s3a://bucket/duckdock-bench", "webhdfs://namenode:9870/tmp/duckdock-bench"}) {
            CliRun run = CliRun.run("bench", "--only=hdfs", "--hdfs-uri=" + uri);

            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err)
                    .contains(
                            "--hdfs-uri must be a directory URI on HDFS, e.g. hdfs://namenode:8020/tmp/duckdock-bench;"
                                    + " '" + uri + "': ")
                    .doesNotContain("Exception");
        }
    }
}
