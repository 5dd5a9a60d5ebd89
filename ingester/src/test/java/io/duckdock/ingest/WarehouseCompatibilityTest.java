package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.OldDuckDbReaderMain;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analysts' DuckDB lags behind ours: DuckDB 1.4 LTS, in its own JVM, must open the warehouse we write. */
@Tag("jvm")
class WarehouseCompatibilityTest {
    private static final Path LTS_JAR = Path.of("target", "duckdb-lts", "duckdb_jdbc-lts.jar");

    @TempDir
    Path home;

    @Test
    void warehouse_opensInDuckDb14() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 3, 123, 1_700_000_000_000_000L);
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config)) {
            ingester.runOnce(lock);
        }

        Path log = home.resolve("old.log");
        String classpath = LTS_JAR.toAbsolutePath()
                + java.io.File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        OldDuckDbReaderMain.class.getName(),
                        config.layout().database(),
                        "SELECT count(*) || '/' || max(sequence) FROM events"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("version=v1.4.").contains("result=123/41");
    }
}
