package io.duckdock.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import io.duckdock.app.ServiceProcess;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An analyst queries while {@code duckdock run} (its own JVM) ingests: every query answers, never
 * with more events than were staged, and ingestion finishes with every event stored once.
 */
@Tag("jvm")
class QueryWhileServiceRunsTest {
    private static final int FILES = 30;
    private static final int EVENTS_PER_FILE = 100;

    @TempDir
    Path home;

    @Test
    void queriesAndScheduledIngestion_workSideBySide() throws Exception {
        Path staging = Files.createDirectories(home.resolve("staging"));
        Process service =
                ServiceProcess.start(home, "ingest.interval=300ms", "ingest.settle-time=0s", "ingest.lock-timeout=30s");
        int answered = 0;
        try {
            awaitFile(home.resolve("warehouse.duckdb"), service);
            for (int f = 0; f < FILES; f++) {
                Path written = Parquet.events(
                        home.resolve("f" + f + ".parquet"), "c" + f, 2, EVENTS_PER_FILE, 1_700_000_000_000_000L);
                Files.move(written, staging.resolve(written.getFileName())); // the rename protocol

                CliRun run = CliRun.inHome(home, "query", "--format", "csv", "SELECT count(*) AS n FROM all_events");

                if (run.exitCode != 0) {
                    assertThat(run.err)
                            .as(run.toString())
                            .contains("Nothing to query yet")
                            .doesNotContain("Exception");
                    continue; // the warehouse may exist before its first batch reached the lake
                }
                long seen = Long.parseLong(
                        run.out.lines().skip(1).findFirst().orElseThrow().trim());
                assertThat(seen).isBetween(0L, (long) (f + 1) * EVENTS_PER_FILE);
                answered++;
            }
            awaitEmpty(staging, service);
        } finally {
            service.destroy();
            service.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(answered).isGreaterThanOrEqualTo(FILES - 5);
        String db = home.resolve("warehouse.duckdb").toString();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo((long) FILES * EVENTS_PER_FILE);
        assertThat(Warehouses.count(db, "SELECT count(DISTINCT event_id) FROM events"))
                .isEqualTo((long) FILES * EVENTS_PER_FILE);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Files.readAllLines(home.resolve("run.log")).stream().filter(l -> l.contains("ERROR")))
                .isEmpty();
    }

    private static void awaitFile(Path file, Process service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && System.nanoTime() < deadline && service.isAlive()) {
            Thread.sleep(50);
        }
    }

    private static void awaitEmpty(Path staging, Process service) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && service.isAlive()) {
            try (Stream<Path> files = Files.list(staging)) {
                if (files.noneMatch(p -> !p.getFileName().toString().startsWith("."))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("staging was not drained within 90 s");
    }
}
