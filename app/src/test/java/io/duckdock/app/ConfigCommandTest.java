package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.ConfigKey;
import io.duckdock.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    @TempDir
    Path home;

    @Test
    void config_showsWhichFileSystemEachDirectoryIsOn() {
        CliRun run = CliRun.inHome(
                home,
                "config",
                "--set",
                "staging.dir=hdfs://namenode:8020/events/staging",
                "--set",
                "archive.dir=hdfs://namenode:8020/events/archive",
                "--set",
                "rejected.dir=hdfs://namenode:8020/events/rejected",
                "--set",
                "lake.dir=hdfs://namenode:8020/events/lake",
                "--set",
                "hadoop.property.dfs.replication=2");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .containsPattern("(?m)^staging\\.dir +hdfs://namenode:8020/events/staging +hdfs://namenode:8020$")
                .containsPattern("(?m)^lake\\.dir +hdfs://namenode:8020/events/lake +hdfs://namenode:8020$")
                .containsPattern("(?m)^ingest\\.spool-dir +\\S+spool +local$")
                .contains("hadoop: site files from (none); properties {dfs.replication=2}");
    }

    @Test
    void config_refusesAnUnsupportedSchemeWithExitCode2() {
        CliRun run = CliRun.inHome(home, "config", "--set", "staging.dir=s3a://bucket/staging");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .contains("staging.dir = 's3a://bucket/staging' (from command line): must be a local directory"
                        + " path (relative to home or absolute), or a URI of a supported file system:"
                        + " hdfs://namenode:8020/path or file:///absolute/path");
        assertThat(home.resolve("s3a:")).doesNotExist();
    }

    @Test
    void config_showsEachValueWithItsSource() throws IOException {
        Files.writeString(
                home.resolve("duckdock.properties"),
                "staging.compression = zstd\ningest.interval = 1m\nhttp.token = s3cret\n");
        Map<String, String> env = Map.of("DUCKDOCK_HOME", home.toString(), "DUCKDOCK_INGEST_INTERVAL", "7s");

        CliRun run = CliRun.runWithEnvironment(env, "config", "--set", "staging.max-rows-per-file=10");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .containsPattern("(?m)^KEY +VALUE +SOURCE$")
                .containsPattern("(?m)^staging\\.compression +zstd +file$")
                .containsPattern("(?m)^ingest\\.interval +7s +env$")
                .containsPattern("(?m)^staging\\.max-rows-per-file +10 +cli$")
                .containsPattern("(?m)^staging\\.max-file-age +5s +default$")
                .containsPattern("(?m)^http\\.token +\\*+ +file$")
                .containsPattern("(?m)^DIRECTORY +LOCATION +FILE SYSTEM$")
                .containsPattern("(?m)^staging\\.dir +\\S+staging +local$")
                .doesNotContain("s3cret");
    }

    @Test
    void configKeys_listsEveryKeyWithDefaultAndDescription() {
        CliRun run = CliRun.run("config", "--keys");

        assertThat(run.exitCode).isZero();
        for (ConfigKey key : ConfigLoader.keys()) {
            assertThat(run.out).contains(key.name(), key.description(), key.environmentVariable());
        }
    }
}
