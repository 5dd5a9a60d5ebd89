package io.duckdock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeAndLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void resolveHome_prefersCommandLineOverEnvironment() {
        Path home = ConfigLoader.resolveHome(
                tmp.resolve("cli/./x/..").toString(),
                Map.of("DUCKDOCK_HOME", tmp.resolve("env").toString()));

        assertThat(home).isEqualTo(tmp.resolve("cli"));
    }

    @Test
    void resolveHome_usesEnvironmentWhenNoCommandLine() {
        Path home = ConfigLoader.resolveHome(null, Map.of("DUCKDOCK_HOME", tmp.resolve("env") + " "));

        assertThat(home).isEqualTo(tmp.resolve("env"));
    }

    @Test
    void resolveHome_defaultsToDuckdockDataInWorkingDirectory() {
        assertThat(ConfigLoader.resolveHome(null, Map.of()))
                .isEqualTo(Path.of("duckdock-data").toAbsolutePath())
                .isAbsolute();
    }

    @Test
    void resolveHome_makesRelativePathAbsolute() {
        assertThat(ConfigLoader.resolveHome("rel/dir", Map.of()))
                .isEqualTo(Path.of("rel/dir").toAbsolutePath().normalize());
    }

    @Test
    void load_resolvesRelativeDirectoriesAgainstHomeAndKeepsAbsoluteOnes() {
        Path absoluteLake = tmp.resolve("shared-lake");
        DuckDockConfig config = ConfigLoader.load(
                tmp.resolve("home"),
                Map.of("DUCKDOCK_STAGING_DIR", "../spool", "DUCKDOCK_LAKE_DIR", absoluteLake.toString()),
                Map.of());

        assertThat(config.layout().home()).isEqualTo(tmp.resolve("home"));
        assertThat(config.layout().staging()).isEqualTo(tmp.resolve("spool"));
        assertThat(config.layout().lake()).isEqualTo(absoluteLake);
        assertThat(config.layout().archive()).isEqualTo(tmp.resolve("home/archive"));
    }

    @Test
    void createDirectories_createsEveryDirectoryAndDatabaseParent() throws IOException {
        Path home = tmp.resolve("home");
        DuckDockConfig config = ConfigLoader.load(
                home,
                Map.of(),
                Map.of(
                        "warehouse.path",
                        "db/w.duckdb",
                        "rejected.dir",
                        tmp.resolve("rej").toString()));

        config.layout().createDirectories();
        config.layout().createDirectories();

        assertThat(home.resolve("staging")).isDirectory();
        assertThat(home.resolve("archive")).isDirectory();
        assertThat(tmp.resolve("rej")).isDirectory();
        assertThat(home.resolve("lake")).isDirectory();
        assertThat(home.resolve("db")).isDirectory();
        assertThat(home.resolve("db/w.duckdb")).doesNotExist();
    }

    @Test
    void createDirectories_createsNoDatabaseFileForInMemoryWarehouse() throws IOException {
        Path home = tmp.resolve("home");
        Layout layout = ConfigLoader.load(home, Map.of(), Map.of("warehouse.path", ":memory:"))
                .layout();

        layout.createDirectories();

        try (var entries = Files.list(home)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("staging", "archive", "rejected", "lake");
        }
        assertThat(layout.lockFile()).isEqualTo(home.resolve("ingester.lock"));
        assertThat(layout.propertiesFile()).isEqualTo(home.resolve("duckdock.properties"));
    }
}
