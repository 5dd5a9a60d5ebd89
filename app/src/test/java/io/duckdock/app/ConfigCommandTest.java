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
  @TempDir Path home;

  @Test
  void config_showsEachValueWithItsSource() throws IOException {
    Files.writeString(
        home.resolve("duckdock.properties"),
        "staging.compression = zstd\ningest.interval = 1m\nhttp.token = s3cret\n");
    Map<String, String> env =
        Map.of("DUCKDOCK_HOME", home.toString(), "DUCKDOCK_INGEST_INTERVAL", "7s");

    CliRun run =
        CliRun.runWithEnvironment(env, "config", "--set", "staging.max-rows-per-file=10");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .containsPattern("(?m)^KEY +VALUE +SOURCE$")
        .containsPattern("(?m)^staging\\.compression +zstd +file$")
        .containsPattern("(?m)^ingest\\.interval +7s +env$")
        .containsPattern("(?m)^staging\\.max-rows-per-file +10 +cli$")
        .containsPattern("(?m)^staging\\.max-file-age +5s +default$")
        .containsPattern("(?m)^http\\.token +\\*+ +file$")
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
