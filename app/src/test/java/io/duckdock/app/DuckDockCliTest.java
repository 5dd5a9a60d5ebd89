package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDockCliTest {
    @TempDir
    Path home;

    @Test
    void help_listsEveryCommandAndTheExitCodes() {
        CliRun run = CliRun.run("--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out)
                .contains("produce", "stage", "sweep", "config", "bench")
                .doesNotContain("produce-worker")
                .contains("Exit codes:", "another ingester holds the lock", "ingest.lock-timeout");
    }

    @Test
    void subcommandHelp_showsTheExitCodes() {
        CliRun run = CliRun.run("stage", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Exit codes:", "some input was rejected");
    }

    @Test
    void badConfigValue_exitsTwoNamingTheKeyWithoutStackTrace() {
        CliRun run = CliRun.inHome(home, "config", "--set", "staging.max-rows-per-file=lots");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("staging.max-rows-per-file", "lots").doesNotContain("\tat ");
    }

    @Test
    void unknownConfigKey_exitsTwoSuggestingTheKey() {
        CliRun run = CliRun.inHome(home, "--set", "staging.compresion=zstd", "sweep");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("staging.compresion", "staging.compression");
    }

    @Test
    void globalOptions_workBeforeAndAfterTheSubcommand() {
        Path other = home.resolve("other");

        CliRun before = CliRun.run("--home", other.toString(), "--set", "staging.compression=zstd", "config");
        CliRun after = CliRun.run("config", "--home", other.toString(), "--set", "staging.compression=gzip");

        assertThat(before.out).contains("home: " + other).containsPattern("staging.compression +zstd +cli");
        assertThat(after.out).contains("home: " + other).containsPattern("staging.compression +gzip +cli");
    }

    @Test
    void setOverrides_accumulateBeforeAndAfterTheSubcommand() {
        CliRun run = CliRun.inHome(home, "--set", "staging.compression=zstd", "config", "--set", "ingest.interval=9s");

        assertThat(run.out)
                .containsPattern("staging.compression +zstd +cli")
                .containsPattern("ingest.interval +9s +cli");
    }

    @Test
    void stagingDirectoryThatIsAFile_exitsTwoNamingTheKey() throws java.io.IOException {
        java.nio.file.Files.writeString(home.resolve("staging"), "in the way");

        CliRun run = CliRun.inHome(home, "produce", "--conversations=1");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("Cannot create the staging directory", "staging.dir");
    }

    @Test
    void homeDefaultsToTheEnvironmentVariable() {
        CliRun run = CliRun.runWithEnvironment(java.util.Map.of("DUCKDOCK_HOME", home.toString()), "config");

        assertThat(run.out).contains("home: " + home);
    }

    @Test
    void unknownOption_exitsTwo() {
        CliRun run = CliRun.run("produce", "--no-such-option");

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("--no-such-option");
    }
}
