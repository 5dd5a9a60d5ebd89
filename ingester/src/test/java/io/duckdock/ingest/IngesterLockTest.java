package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.IngestOnceMain;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.ReadOnlyHolderMain;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngesterLockTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path home;

    @Test
    @SuppressWarnings("try") // the lock is held for the body, never used
    void acquire_refusesASecondIngesterAndNamesTheHolder() {
        Path lockFile = home.resolve("ingester.lock");
        try (IngesterLock first = IngesterLock.acquire(lockFile)) {
            assertThatThrownBy(() -> IngesterLock.acquire(lockFile))
                    .isInstanceOf(IngesterLockedException.class)
                    .hasMessageContaining("PID " + ProcessHandle.current().pid())
                    .hasMessageContaining(lockFile.toString());
        }
        IngesterLock.acquire(lockFile).close();
    }

    @Test
    @Tag("jvm")
    void twoIngesterProcessesStartedTogether_exactlyOneWrites() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "5");
        config.layout().createDirectories();
        for (int i = 0; i < 60; i++) {
            Parquet.events(config.layout().staging().resolve("f" + i + ".parquet"), "c" + i, 2, 50, T0);
        }
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(JavaProcess.start(
                    IngestOnceMain.class,
                    home.resolve("ingester-" + i + ".log"),
                    home.toString(),
                    "ingest.max-files-per-batch",
                    "5"));
        }
        int wrote = 0;
        for (int i = 0; i < 2; i++) {
            int exit = JavaProcess.await(processes.get(i), 120);
            String log = Files.readString(home.resolve("ingester-" + i + ".log"));
            assertThat(exit).as(log).isIn(0, 4);
            if (exit == 4) {
                assertThat(log)
                        .contains("refused: Another DuckDock ingester (PID "
                                + processes.get(1 - i).pid());
            } else if (!log.contains("batches=0 ")) {
                wrote++;
            }
        }
        assertThat(wrote).isEqualTo(1);
        String db = config.layout().database();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(3000);
        assertThat(Warehouses.count(db, "SELECT count(DISTINCT event_id) FROM events"))
                .isEqualTo(3000);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
    }

    /** Counts the lock waits an ingester reports. */
    private static final class LockWaits implements IngestListener {
        final AtomicLong waits = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        @Override
        public void batchCommitted(BatchResult batch) {}

        @Override
        public void lockWaited(Duration waited) {
            waits.incrementAndGet();
            nanos.addAndGet(waited.toNanos());
        }

        Duration total() {
            return Duration.ofNanos(nanos.get());
        }
    }

    @Test
    @Tag("jvm")
    void ingest_waitsForAnAnalystsReadOnlyConnectionThenGivesUpWithAClearMessage() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.lock-timeout", "1s");
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 1, 10, T0);
        LockWaits waits = new LockWaits();
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), waits)) {
            ingester.runOnce(lock);
            Parquet.events(config.layout().staging().resolve("b.parquet"), "c", 1, 10, T0 + 1000);
            Path log = home.resolve("reader.log");
            Process reader = JavaProcess.start(
                    ReadOnlyHolderMain.class, log, config.layout().database(), "4000");
            JavaProcess.awaitLine(reader, log, "ready", 60);

            assertThatThrownBy(() -> ingester.runOnce(lock))
                    .isInstanceOf(DatabaseLockedException.class)
                    .hasMessageContaining("Database " + config.layout().database() + " is locked by another process")
                    .hasMessageContaining("ingest.lock-timeout")
                    .hasMessageContaining("staged files wait for the next run")
                    .hasMessageContaining("Conflicting lock is held");
            assertThat(config.layout().staging().resolve("b.parquet")).exists();
            assertThat(waits.waits.get()).isGreaterThanOrEqualTo(2);
            assertThat(waits.total()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));

            JavaProcess.await(reader, 60);
            assertThat(ingester.runOnce(lock).eventsIngested()).isEqualTo(10);
        }
    }

    @Test
    @Tag("jvm")
    void ingest_retriesUntilAnAnalystReleasesTheDatabase_andReportsEachWait() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.lock-timeout", "60s");
        config.layout().createDirectories();
        LockWaits waits = new LockWaits();
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), waits)) {
            ingester.runOnce(lock);
            assertThat(waits.waits.get()).isZero();
            Parquet.events(config.layout().staging().resolve("b.parquet"), "c", 1, 10, T0);
            Path log = home.resolve("reader.log");
            Process reader = JavaProcess.start(
                    ReadOnlyHolderMain.class, log, config.layout().database(), "3000");
            JavaProcess.awaitLine(reader, log, "ready", 60);

            long start = System.nanoTime();
            IngestReport report = ingester.runOnce(lock);
            Duration run = Duration.ofNanos(System.nanoTime() - start);

            assertThat(report.eventsIngested()).isEqualTo(10);
            assertThat(reader.isAlive()).isFalse();
            assertThat(waits.waits.get()).isPositive();
            assertThat(waits.total()).isPositive().isLessThanOrEqualTo(run);
        }
    }
}
