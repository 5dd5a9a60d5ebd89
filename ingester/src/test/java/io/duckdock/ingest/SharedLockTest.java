package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.SharedLockHolderMain;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two ingesters with their own homes and one staging directory on HDFS: one writes at a time. */
@Tag("hdfs")
class SharedLockTest {
    private static final long T0 = 1_767_225_600_000_000L;

    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    java.nio.file.Path tmp;

    private String root;

    @AfterEach
    void restoreLeaseLimits() {
        HDFS.setLeasePeriod(Duration.ofSeconds(60), Duration.ofMinutes(20));
    }

    private String[] dirs(TestInfo test) {
        root = test.getTestMethod().orElseThrow().getName();
        return new String[] {HDFS.uri(root + "/staging"), HDFS.uri(root + "/archive"), HDFS.uri(root + "/rejected")};
    }

    private DuckDockConfig config(String home, String[] dirs) {
        return TestHomes.config(
                tmp.resolve(home), "staging.dir", dirs[0], "archive.dir", dirs[1], "rejected.dir", dirs[2]);
    }

    @Test
    void secondIngesterOnAnotherHome_isRefusedNamingTheHolderUntilTheFirstReleases(TestInfo test) {
        String[] dirs = dirs(test);
        DuckDockConfig first = config("host-a", dirs);
        DuckDockConfig second = config("host-b", dirs);

        try (IngesterLock held = IngesterLock.acquire(first)) {
            assertThat(held.holdsSharedLock()).isTrue();
            assertThatThrownBy(() -> IngesterLock.acquire(second))
                    .isInstanceOfSatisfying(
                            IngesterLockedException.class,
                            e -> assertThat(e.category()).isEqualTo(ErrorCategory.INGESTER_BUSY))
                    .hasMessageStartingWith("Another DuckDock ingester (PID "
                            + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining(") holds " + dirs[0] + ".ingester.lock; only one ingester may load "
                            + dirs[0] + ", from any machine. Stop it first, or leave ingestion to it; if it died, "
                            + "its HDFS lease expires and the lock can be taken within 60 s.");
        }
        IngesterLock.acquire(second).close();
    }

    @Test
    void twoIngestersStartedTogether_exactlyOneLoadsTheStagedFiles(TestInfo test) throws Exception {
        String[] dirs = dirs(test);
        for (int i = 0; i < 5; i++) {
            java.nio.file.Path local = Parquet.events(tmp.resolve("f" + i + ".parquet"), "c" + i, 2, 100, T0);
            HDFS.fileSystem()
                    .copyFromLocalFile(new Path(local.toUri()), new Path("/" + root + "/staging/f" + i + ".parquet"));
        }
        List<DuckDockConfig> configs = List.of(config("host-a", dirs), config("host-b", dirs));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Long>> results = new ArrayList<>();
        for (DuckDockConfig config : configs) {
            Callable<Long> ingester = () -> {
                start.await();
                try {
                    return TestHomes.ingestOnce(config).eventsIngested();
                } catch (IngesterLockedException busy) {
                    return -1L;
                }
            };
            results.add(pool.submit(ingester));
        }
        start.countDown();
        List<Long> events = new ArrayList<>();
        for (Future<Long> result : results) {
            events.add(result.get());
        }
        pool.shutdown();

        assertThat(events).containsExactlyInAnyOrder(500L, -1L);
        long stored = 0;
        for (DuckDockConfig config : configs) {
            if (java.nio.file.Files.exists(java.nio.file.Path.of(config.layout().database()))) {
                stored += Warehouses.count(config.layout().database(), "SELECT count(*) FROM events");
            }
        }
        assertThat(stored).isEqualTo(500);
    }

    @Test
    void killedHolder_isTakenOverOnceItsLeaseExpires(TestInfo test) throws Exception {
        String[] dirs = dirs(test);
        HDFS.setLeasePeriod(Duration.ofSeconds(3), Duration.ofMinutes(20));
        java.nio.file.Path log = tmp.resolve("holder.log");
        Process holder = JavaProcess.start(
                SharedLockHolderMain.class, log, tmp.resolve("host-a").toString(), dirs[0], dirs[1], dirs[2]);
        JavaProcess.awaitLine(holder, log, "LOCKED", 60);
        DuckDockConfig survivor = config("host-b", dirs);
        assertThatThrownBy(() -> IngesterLock.acquire(survivor)).isInstanceOf(IngesterLockedException.class);

        holder.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        IngesterLock taken = null;
        while (taken == null
                && System.nanoTime() - killed < Duration.ofSeconds(60).toNanos()) {
            try {
                taken = IngesterLock.acquire(survivor);
            } catch (IngesterLockedException stillHeld) {
                Thread.sleep(200);
            }
        }
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);

        assertThat(taken).as("lock taken over").isNotNull();
        taken.close();
        // soft limit 3 s here (60 s by default), plus the NameNode's lease recovery
        assertThat(takeover).isLessThan(Duration.ofSeconds(20));
        System.out.println("shared lock takeover after SIGKILL with a 3 s soft limit: " + takeover.toMillis() + " ms");
    }

    @Test
    void holderThatLostItsLease_stopsBeforeTheNextBatch(TestInfo test) throws Exception {
        String[] dirs = dirs(test);
        DuckDockConfig first = config("host-a", dirs);
        DuckDockConfig second = config("host-b", dirs);
        IngesterLock stale = IngesterLock.acquire(first);
        try {
            // the live holder's client renews every 30 s; a 1 s soft limit makes it look paused
            HDFS.setLeasePeriod(Duration.ofSeconds(1), Duration.ofMinutes(20));
            Thread.sleep(2500);
            try (IngesterLock taken = IngesterLock.acquire(second)) {
                assertThatThrownBy(stale::verifyShared)
                        .isInstanceOfSatisfying(
                                IngestException.class,
                                e -> assertThat(e.category()).isEqualTo(ErrorCategory.INGESTER_BUSY))
                        .hasMessageStartingWith("This ingester lost " + dirs[0] + ".ingester.lock to another "
                                + "ingester (its HDFS lease was taken over: ")
                        .hasMessageEndingWith("); it stops before loading more. Leave ingestion to the other one, "
                                + "or stop that one and start this one again.");
                taken.verifyShared();
            }
        } finally {
            stale.close();
        }
    }
}
