package io.duckdock.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code duckdock run} in its own JVM, sent SIGTERM while it drains a backlog: nothing is left half done. */
@Tag("jvm")
class RunSigtermTest {
    private static final int FILES = 200;
    private static final int EVENTS_PER_FILE = 50;

    @TempDir
    Path home;

    @Test
    void sigtermDuringABacklog_leavesEveryFileEitherFullyIngestedOrStillStaged() throws Exception {
        Path staging = Files.createDirectories(home.resolve("staging"));
        for (int f = 0; f < FILES; f++) {
            Parquet.events(
                    staging.resolve("f" + f + ".parquet"),
                    "c" + (f % 7),
                    3,
                    EVENTS_PER_FILE,
                    1_700_000_000_000_000L + f * 1_000_000L);
        }
        Process run = ServiceProcess.start(
                home, "ingest.max-files-per-batch=3", "ingest.interval=200ms", "ingest.settle-time=0s");
        awaitArchived(home.resolve("archive"), 10, run);

        run.destroy(); // SIGTERM
        assertThat(run.waitFor(60, TimeUnit.SECONDS))
                .as(Files.readString(home.resolve("run.log")))
                .isTrue();

        String db = home.resolve("warehouse.duckdb").toString();
        long ledgerIngested = Warehouses.count(db, "SELECT count(*) FROM ingest_files WHERE status = 'ingested'");
        long archived = count(home.resolve("archive"));
        long staged = count(staging);
        // a batch committed as the JVM shut down may not have reached the lake: its files wait in staging,
        // recorded, and the next run publishes and moves them
        long awaitingPublication = Warehouses.count(
                db,
                "SELECT count(*) FROM ingest_files WHERE status = 'ingested' "
                        + "AND batch_id NOT IN (SELECT batch_id FROM lake_batches)");
        assertThat(ledgerIngested).isEqualTo(archived + awaitingPublication).isLessThan(FILES);
        assertThat(awaitingPublication).isLessThanOrEqualTo(3);
        assertThat(staged).isEqualTo(FILES - archived);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(ledgerIngested * EVENTS_PER_FILE);
        assertThat(Warehouses.count(
                        db, "SELECT coalesce(sum(row_count), 0) FROM ingest_files WHERE status = 'ingested'"))
                .isEqualTo(ledgerIngested * EVENTS_PER_FILE);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(home.resolve("ingester.lock")).exists();
        assertThat(io.duckdock.ingest.IngesterLock.acquire(home.resolve("ingester.lock")))
                .satisfies(lock -> lock.close());

        assertThat(io.duckdock.app.CliRun.inHome(home, "ingest", "--set=ingest.settle-time=0s").exitCode)
                .isZero();
        assertThat(count(home.resolve("archive"))).isEqualTo(FILES);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo((long) FILES * EVENTS_PER_FILE);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM lake_batches"))
                .isEqualTo(Warehouses.count(db, "SELECT count(*) FROM ingest_batches"));
    }

    private static void awaitArchived(Path archive, int files, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (Files.isDirectory(archive) && count(archive) >= files) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the service archived fewer than " + files + " files in 60 s");
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .count();
        }
    }
}
