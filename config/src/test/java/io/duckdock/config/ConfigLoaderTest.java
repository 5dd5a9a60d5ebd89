package io.duckdock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path home;

    @Test
    void load_mapsEveryKeyOfThePropertiesFile() throws IOException {
        Path elsewhere = home.resolveSibling(home.getFileName() + "-abs");
        writeProperties(
                "staging.dir = in",
                "archive.dir = " + elsewhere.resolve("arch"),
                "rejected.dir = bad/../rej",
                "lake.dir = parquet",
                "warehouse.path = db/main.duckdb",
                "staging.max-rows-per-file = 1000",
                "staging.max-bytes-per-file = 2MB",
                "staging.max-file-age = 750ms",
                "staging.compression = ZStd",
                "staging.temp-file-max-age = 2h",
                "staging.sweep-interval = 30s",
                "ingest.enabled = false",
                "ingest.max-files-per-batch = 42",
                "ingest.max-bytes-per-batch = 3GB",
                "ingest.interval = 1m",
                "ingest.cron = 0 */5 * * * ?",
                "ingest.settle-time = 0s",
                "ingest.lock-timeout = 2m",
                "ingest.dedup-window = 3d",
                "ingest.max-rows-per-batch = 12345678901",
                "warehouse.storage-compatibility = latest",
                "warehouse.memory-limit = 4GB",
                "warehouse.threads = 8",
                "warehouse.hot-days = 30",
                "warehouse.checkpoint-interval = 1h",
                "lake.enabled = false",
                "lake.target-file-size = 256MB",
                "lake.compaction-interval = 2h",
                "lake.snapshot-retention = 2d",
                "lake.snapshot-expiry-interval = 30m",
                "lake.orphan-file-age = 5d",
                "lake.orphan-cleanup-interval = 12h",
                "query.timeout = 90s",
                "archive.retention = 0s",
                "http.enabled = false",
                "http.bind = 0.0.0.0",
                "http.port = 9000",
                "http.token = s3cr\u00e9t",
                "ingest.spool-dir = /var/tmp/duckdock-spool",
                "hadoop.conf-dir = " + home,
                "hadoop.property.dfs.replication = 2",
                "cluster.standby = true",
                "cluster.jdbc-url = jdbc:postgresql://db:5432/dd",
                "cluster.user = ingest",
                "cluster.password = pw",
                "cluster.checkin-interval = 2s",
                "cluster.poll-interval = 250ms",
                "cluster.session-timeout = 4s",
                "cluster.replica-interval = 500ms");

        DuckDockConfig config = ConfigLoader.load(home, Map.of(), Map.of());

        assertThat(config.layout())
                .isEqualTo(new Layout(
                        home,
                        Location.local(home.resolve("in")),
                        Location.local(elsewhere.resolve("arch")),
                        Location.local(home.resolve("rej")),
                        Location.local(home.resolve("parquet")),
                        home.resolve("db/main.duckdb").toString(),
                        home.resolve("ingester.lock"),
                        home.resolve("duckdock.properties"),
                        Path.of("/var/tmp/duckdock-spool")));
        assertThat(config.hadoop()).isEqualTo(new HadoopConfig(Optional.of(home), Map.of("dfs.replication", "2")));
        assertThat(config.staging())
                .isEqualTo(new StagingConfig(
                        1000,
                        2L * 1024 * 1024,
                        Duration.ofMillis(750),
                        Compression.ZSTD,
                        Duration.ofHours(2),
                        Duration.ofSeconds(30)));
        assertThat(config.ingest())
                .isEqualTo(new IngestConfig(
                        false,
                        42,
                        3L * 1024 * 1024 * 1024,
                        Duration.ofMinutes(1),
                        Optional.of("0 */5 * * * ?"),
                        Duration.ZERO,
                        Duration.ofMinutes(2),
                        Duration.ofDays(3),
                        12_345_678_901L));
        assertThat(config.warehouse())
                .isEqualTo(new WarehouseConfig(
                        "latest", Optional.of(4L * 1024 * 1024 * 1024), 8, 30, Duration.ofHours(1)));
        assertThat(config.lake())
                .isEqualTo(new LakeConfig(
                        false,
                        256L * 1024 * 1024,
                        Duration.ofHours(2),
                        Duration.ofDays(2),
                        Duration.ofMinutes(30),
                        Duration.ofDays(5),
                        Duration.ofHours(12)));
        assertThat(config.query()).isEqualTo(new QueryConfig(Duration.ofSeconds(90)));
        assertThat(config.archive()).isEqualTo(new ArchiveConfig(Duration.ZERO));
        assertThat(config.http()).isEqualTo(new HttpConfig(false, "0.0.0.0", 9000, Optional.of("s3cr\u00e9t")));
        assertThat(config.cluster())
                .isEqualTo(new ClusterConfig(
                        true,
                        Optional.of("jdbc:postgresql://db:5432/dd"),
                        "ingest",
                        Optional.of("pw"),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(250),
                        Duration.ofSeconds(4),
                        Duration.ofMillis(500)));
        assertThat(config.cluster().toString()).contains("password=****").doesNotContain("pw,");
        assertThat(config.sources().values()).hasSize(48).containsOnly("file");
    }

    @Test
    void load_appliesPrecedenceFileThenEnvironmentThenCommandLine() throws IOException {
        writeProperties("http.port = 1001", "warehouse.threads = 2", "ingest.max-files-per-batch = 7");
        Map<String, String> env = Map.of(
                "DUCKDOCK_HTTP_PORT", "2002",
                "DUCKDOCK_WAREHOUSE_THREADS", "3",
                "PATH", "/usr/bin");
        Map<String, String> cli = Map.of("http.port", "3003");

        DuckDockConfig config = ConfigLoader.load(home, env, cli);

        assertThat(config.http().port()).isEqualTo(3003);
        assertThat(config.warehouse().threads()).isEqualTo(3);
        assertThat(config.ingest().maxFilesPerBatch()).isEqualTo(7);
        assertThat(config.sources())
                .containsEntry("http.port", "cli")
                .containsEntry("warehouse.threads", "env")
                .containsEntry("ingest.max-files-per-batch", "file")
                .containsEntry("http.bind", "default");
    }

    @Test
    void load_validatesOnlyTheEffectiveValue() throws IOException {
        writeProperties("http.port = not-a-port");

        DuckDockConfig config = ConfigLoader.load(home, Map.of("DUCKDOCK_HTTP_PORT", "0"), Map.of());

        assertThat(config.http().port()).isZero();
    }

    @Test
    void load_treatsEmptyOptionalValueAsUnsetEvenOverALowerSource() throws IOException {
        writeProperties("http.token = from-file", "ingest.cron = 0 0 * * * ?", "warehouse.memory-limit =   ");

        DuckDockConfig config = ConfigLoader.load(home, Map.of("DUCKDOCK_HTTP_TOKEN", ""), Map.of("ingest.cron", "  "));

        assertThat(config.http().token()).isEmpty();
        assertThat(config.ingest().cron()).isEmpty();
        assertThat(config.warehouse().memoryLimitBytes()).isEmpty();
        assertThat(config.warehouse().memoryLimit())
                .isEqualTo(WarehouseConfig.machineMemoryLimit())
                .isBetween(64L * 1024 * 1024, WarehouseConfig.MAX_DEFAULT_MEMORY_LIMIT);
        assertThat(config.sources()).containsEntry("http.token", "env").containsEntry("ingest.cron", "cli");
    }

    @Test
    void load_trimsValues() {
        DuckDockConfig config = ConfigLoader.load(
                home, Map.of(), Map.of("http.bind", "  localhost\t", "ingest.cron", " 0 0 12 * * ? 2030 "));

        assertThat(config.http().bind()).isEqualTo("localhost");
        assertThat(config.ingest().cron()).contains("0 0 12 * * ? 2030");
    }

    @Test
    void load_acceptsInMemoryWarehouse() {
        DuckDockConfig config = ConfigLoader.load(home, Map.of(), Map.of("warehouse.path", ":memory:"));

        assertThat(config.layout().database()).isEqualTo(":memory:");
        assertThat(config.layout().inMemoryDatabase()).isTrue();
    }

    @Test
    void load_keepsAbsoluteWarehousePathAndResolvesRelativeOneAgainstHome() {
        Path absolute = home.resolveSibling("shared").resolve("w.duckdb");

        assertThat(ConfigLoader.load(home, Map.of(), Map.of("warehouse.path", absolute.toString()))
                        .layout()
                        .database())
                .isEqualTo(absolute.toString());
        assertThat(ConfigLoader.load(home, Map.of(), Map.of("warehouse.path", "./x/../w.duckdb"))
                        .layout()
                        .database())
                .isEqualTo(home.resolve("w.duckdb").toString());
    }

    @Test
    void load_readsPropertiesFileAsUtf8() throws IOException {
        Files.write(
                home.resolve("duckdock.properties"),
                "http.token=\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9\n".getBytes(StandardCharsets.UTF_8));

        assertThat(ConfigLoader.load(home, Map.of(), Map.of()).http().token())
                .contains("\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9");
    }

    @Test
    void load_ignoresLauncherVariablesAndOtherEnvironment() {
        Map<String, String> env = Map.of(
                "DUCKDOCK_HOME", "/elsewhere", "DUCKDOCK_JAVA_OPTS", "-Xmx1g", "HOME", "/root", "duckdock_lower", "x");

        assertThat(ConfigLoader.load(home, env, Map.of())).isEqualTo(DuckDockConfig.defaults(home));
    }

    private void writeProperties(String... lines) throws IOException {
        Files.write(home.resolve("duckdock.properties"), java.util.List.of(lines), StandardCharsets.UTF_8);
    }

    static ConfigException loadFailure(Path home, Map<String, String> env, Map<String, String> cli) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(home, env, cli));
    }
}
