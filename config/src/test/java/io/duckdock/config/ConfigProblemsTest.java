package io.duckdock.config;

import static io.duckdock.config.ConfigLoaderTest.loadFailure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigProblemsTest {
    @TempDir
    Path home;

    @Test
    void load_reportsUnknownFileKeyWithSuggestion() throws IOException {
        Path file = writeProperties("ingest.max-file-per-batch = 10");

        ConfigException e = loadFailure(home, Map.of(), Map.of());

        assertThat(e.problems())
                .containsExactly("Unknown configuration key "
                        + "'ingest.max-file-per-batch' (in file " + file + "); did you mean "
                        + "'ingest.max-files-per-batch'?");
    }

    @Test
    void load_reportsUnknownCommandLineKeyWithSuggestion() {
        ConfigException e = loadFailure(home, Map.of(), Map.of("http.prot", "1"));

        assertThat(e.problems())
                .containsExactly(
                        "Unknown configuration key 'http.prot' " + "(in command line); did you mean 'http.port'?");
    }

    @Test
    void load_reportsUnknownEnvironmentVariableWithSuggestion() {
        ConfigException e = loadFailure(home, Map.of("DUCKDOCK_INGEST_MAX_FILE_PER_BATCH", "10"), Map.of());

        assertThat(e.problems())
                .containsExactly("Unknown configuration key in environment variable "
                        + "DUCKDOCK_INGEST_MAX_FILE_PER_BATCH; did you mean DUCKDOCK_INGEST_MAX_FILES_PER_BATCH "
                        + "(ingest.max-files-per-batch)?");
    }

    @Test
    void load_reportsAClusterUrlThatIsNotPostgreSqlAndATooShortSessionTimeout() {
        ConfigException e = loadFailure(
                home, Map.of(), Map.of("cluster.jdbc-url", "jdbc:mysql://db/dd", "cluster.session-timeout", "500ms"));

        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "cluster.jdbc-url = 'jdbc:mysql://db/dd' (from command line): must be empty (no cluster) or a "
                                + "PostgreSQL JDBC URL such as jdbc:postgresql://db-host:5432/duckdock",
                        "cluster.session-timeout = '500ms' (from command line): must be a duration >= 1s such as 5s, 10s"
                                + " or 1m");
    }

    @Test
    void load_suggestsNothingForFarOffKeys() {
        ConfigException e = loadFailure(home, Map.of("DUCKDOCK_COLOR", "blue"), Map.of("colour.scheme", "dark"));

        assertThat(e.problems())
                .containsExactly(
                        "Unknown configuration key in environment variable DUCKDOCK_COLOR; "
                                + "DUCKDOCK_* variables must name a configuration key",
                        "Unknown configuration key 'colour.scheme' (in command line); "
                                + "see the list of configuration keys");
    }

    @Test
    void load_reportsEveryProblemTogether() throws IOException {
        Path file = writeProperties(
                "staging.max-file-age = 5x",
                "staging.compression = lz4",
                "ingest.enabled = yes",
                "ingest.cron = 0 * *",
                "lake.dir = ");
        Map<String, String> env = Map.of(
                "DUCKDOCK_INGEST_MAX_FILES_PER_BATCH", "abc",
                "DUCKDOCK_STAGING_MAX_BYTES_PER_FILE", "512B",
                "DUCKDOCK_WAREHOUSE_STORAGE_COMPATIBILITY", "1.4");
        Map<String, String> cli = Map.of(
                "http.port",
                "70000",
                "warehouse.threads",
                "-1",
                "ingest.settle-time",
                "-1s",
                "warehouse.memory-limit",
                "lots",
                "staging.sweep-interval",
                "0ms");

        ConfigException e = loadFailure(home, env, cli);

        String fromFile = " (from file " + file + "): must be ";
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "staging.max-file-age = '5x'" + fromFile + "a duration > 0 such as 500ms, 5s, 2m, 1h or 7d",
                        "staging.compression = 'lz4'" + fromFile + "one of snappy, zstd, gzip, uncompressed",
                        "ingest.enabled = 'yes'" + fromFile + "true or false",
                        "ingest.cron = '0 * *'" + fromFile + "a Quartz cron expression with 6 or 7 "
                                + "space-separated fields, such as '0 */5 * * * ?'",
                        "lake.dir = ''" + fromFile + "a local directory path (relative to home or absolute), or a"
                                + " URI of a supported file system: hdfs://namenode:8020/path or file:///absolute/path",
                        "ingest.max-files-per-batch = 'abc' (from environment variable "
                                + "DUCKDOCK_INGEST_MAX_FILES_PER_BATCH): must be a whole number >= 1",
                        "staging.max-bytes-per-file = '512B' (from environment variable "
                                + "DUCKDOCK_STAGING_MAX_BYTES_PER_FILE): must be a size >= 1KB such as 512KB, 64MB "
                                + "or 1GB",
                        "warehouse.storage-compatibility = '1.4' (from environment variable "
                                + "DUCKDOCK_WAREHOUSE_STORAGE_COMPATIBILITY): must be 'latest' or a version like "
                                + "v1.4.0",
                        "http.port = '70000' (from command line): must be a whole number from 1 to 65535, "
                                + "or 0 for any free port",
                        "warehouse.threads = '-1' (from command line): must be a whole number >= 0",
                        "ingest.settle-time = '-1s' (from command line): must be a duration >= 0 such as 0s, "
                                + "500ms, 5s, 2m, 1h or 7d",
                        "warehouse.memory-limit = 'lots' (from command line): must be empty (sized from the machine) or a size >= 1B "
                                + "such as 512KB, 64MB or 1GB",
                        "staging.sweep-interval = '0ms' (from command line): must be a duration > 0 such as "
                                + "500ms, 5s, 2m, 1h or 7d");
        assertThat(e.getMessage())
                .startsWith("Invalid DuckDock configuration (13 problems):\n  - ")
                .contains("\n  - http.port = '70000' (from command line)");
        assertThat(e.getMessage().lines()).hasSize(14);
    }

    @Test
    void load_reportsUnknownKeysAndBadValuesTogether() {
        ConfigException e = loadFailure(home, Map.of(), Map.of("http.prot", "1", "http.port", "x"));

        assertThat(e.getMessage())
                .isEqualTo("Invalid DuckDock configuration (2 problems):\n"
                        + "  - Unknown configuration key 'http.prot' (in command line); did you mean 'http.port'?\n"
                        + "  - http.port = 'x' (from command line): must be a whole number from 1 to 65535, "
                        + "or 0 for any free port");
    }

    @Test
    void exception_withOneProblemSaysProblemInSingular() {
        assertThat(new ConfigException(List.of("x is wrong")).getMessage())
                .isEqualTo("Invalid DuckDock configuration (1 problem):\n  - x is wrong");
    }

    @Test
    void load_reportsUnreadablePropertiesFile() throws IOException {
        Path file = Files.createDirectory(home.resolve("duckdock.properties"));

        ConfigException e = loadFailure(home, Map.of(), Map.of());

        assertThat(e.problems()).singleElement().asString().startsWith("Cannot read configuration file " + file + ": ");
    }

    @Test
    void load_reportsMalformedEscapeInPropertiesFile() throws IOException {
        Path file = writeProperties("http.token = \\uZZZZ");

        ConfigException e = loadFailure(home, Map.of(), Map.of());

        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith("Cannot read configuration file " + file + ": Malformed \\uxxxx encoding");
    }

    private Path writeProperties(String... lines) throws IOException {
        return Files.write(home.resolve("duckdock.properties"), List.of(lines), StandardCharsets.UTF_8);
    }
}
