package io.duckdock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDockConfigDefaultsTest {
    @TempDir
    Path home;

    @Test
    void defaults_setEveryFieldOfEveryRecord() {
        DuckDockConfig config = DuckDockConfig.defaults(home);

        assertThat(config.layout())
                .isEqualTo(new Layout(
                        home,
                        Location.local(home.resolve("staging")),
                        Location.local(home.resolve("archive")),
                        Location.local(home.resolve("rejected")),
                        Location.local(home.resolve("lake")),
                        home.resolve("warehouse.duckdb").toString(),
                        home.resolve("ingester.lock"),
                        home.resolve("duckdock.properties"),
                        home.resolve("spool")));
        assertThat(config.hadoop()).isEqualTo(new HadoopConfig(Optional.empty(), Map.of()));
        assertThat(config.staging())
                .isEqualTo(new StagingConfig(
                        500_000,
                        64L * 1024 * 1024,
                        Duration.ofSeconds(5),
                        Compression.SNAPPY,
                        Duration.ofHours(1),
                        Duration.ofMinutes(10)));
        assertThat(config.ingest())
                .isEqualTo(new IngestConfig(
                        true,
                        5000,
                        1024L * 1024 * 1024,
                        Duration.ofSeconds(5),
                        Optional.empty(),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofHours(24),
                        5_000_000L));
        assertThat(config.warehouse())
                .isEqualTo(new WarehouseConfig("v1.4.0", Optional.empty(), 0, 0, Duration.ofMinutes(10)));
        assertThat(config.lake())
                .isEqualTo(new LakeConfig(
                        true,
                        128L * 1024 * 1024,
                        Duration.ofMinutes(10),
                        Duration.ofHours(1),
                        Duration.ofMinutes(10),
                        Duration.ofDays(3),
                        Duration.ofDays(1)));
        assertThat(config.query()).isEqualTo(new QueryConfig(Duration.ofMinutes(5)));
        assertThat(config.archive()).isEqualTo(new ArchiveConfig(Duration.ofDays(7)));
        assertThat(config.http()).isEqualTo(new HttpConfig(true, "127.0.0.1", 8642, Optional.empty()));
        assertThat(config.cluster())
                .isEqualTo(new ClusterConfig(
                        false,
                        Optional.empty(),
                        "duckdock",
                        Optional.empty(),
                        Duration.ofMillis(7500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1)));
        assertThat(config.sources())
                .hasSize(48)
                .containsOnlyKeys(
                        ConfigLoader.keys().stream().map(ConfigKey::name).toArray(String[]::new));
        assertThat(config.sources().values()).containsOnly("default");
    }

    @Test
    void defaults_equalLoadingWithNoFileEnvironmentOrCommandLine() {
        assertThat(ConfigLoader.load(home, Map.of(), Map.of())).isEqualTo(DuckDockConfig.defaults(home));
    }

    @Test
    void defaults_makeRelativeHomeAbsolute() {
        DuckDockConfig config = DuckDockConfig.defaults(Path.of("some/../data"));

        assertThat(config.layout().home()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.layout().inMemoryDatabase()).isFalse();
    }

    @Test
    void sources_areUnmodifiable() {
        Map<String, String> sources = DuckDockConfig.defaults(home).sources();

        assertThatThrownBy(() -> sources.put("http.port", "cli")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keys_listEveryKeyWithItsDefaultAsText() {
        assertThat(ConfigLoader.keys())
                .extracting(ConfigKey::name)
                .doesNotHaveDuplicates()
                .hasSize(48);
        assertThat(ConfigLoader.keys())
                .allSatisfy(key -> assertThat(key.description()).isNotBlank());
        assertThat(ConfigLoader.keys())
                .extracting(ConfigKey::name, ConfigKey::defaultValue)
                .contains(
                        tuple("staging.max-bytes-per-file", "64MB"),
                        tuple("staging.compression", "snappy"),
                        tuple("ingest.max-rows-per-batch", "5000000"),
                        tuple("ingest.dedup-window", "24h"),
                        tuple("ingest.cron", ""),
                        tuple("warehouse.path", "warehouse.duckdb"),
                        tuple("archive.retention", "7d"),
                        tuple("query.timeout", "5m"),
                        tuple("lake.snapshot-retention", "1h"),
                        tuple("lake.orphan-file-age", "3d"),
                        tuple("http.port", "8642"),
                        tuple("cluster.checkin-interval", "7500ms"),
                        tuple("cluster.session-timeout", "10s"));
    }

    @Test
    void environmentVariable_isUpperCaseWithUnderscores() {
        assertThat(Keys.INGEST_MAX_FILES_PER_BATCH.environmentVariable())
                .isEqualTo("DUCKDOCK_INGEST_MAX_FILES_PER_BATCH");
    }
}
