package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.scheduler.IngestService;
import io.duckdock.ingest.testing.ConversationProducerMain;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import io.duckdock.staging.StagingWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producer processes and producer threads write while the scheduled service ingests: every event is
 * stored once, each conversation is numbered 1..n in (batch, timestamp) order, offsets are contiguous.
 */
@Tag("jvm")
class ExactlyOnceTest {
    private static final int PROCESSES = 2;
    private static final int THREADS = 3;
    private static final int CONVERSATIONS = 20;
    private static final int EVENTS_PER_CONVERSATION = 150;

    @TempDir
    Path home;

    @Test
    void producersWritingDuringScheduledIngestion_everyEventStoredOnceAndGapFree() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.interval", "200ms", "ingest.max-files-per-batch", "4");
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        long expected = (long) (PROCESSES + THREADS) * CONVERSATIONS * EVENTS_PER_CONVERSATION;
        List<Long> batchesSeen = new CopyOnWriteArrayList<>();
        AtomicLong stored = new AtomicLong();
        try (IngestService service = IngestService.start(config, Clock.systemUTC(), batch -> {
            batchesSeen.add(batch.batchId());
            stored.addAndGet(batch.eventsIngested());
        })) {
            List<Process> processes = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                processes.add(JavaProcess.start(
                        ConversationProducerMain.class,
                        home.resolve("producer-" + p + ".log"),
                        staging.toString(),
                        "proc" + p,
                        Integer.toString(CONVERSATIONS),
                        Integer.toString(EVENTS_PER_CONVERSATION),
                        "250"));
            }
            try (StagingWriter shared = StagingWriter.builder(staging.toString())
                    .producerId("threads")
                    .maxRowsPerFile(200)
                    .build()) {
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String producer = "thread" + t;
                    Thread thread = new Thread(() -> {
                        try {
                            ConversationProducerMain.write(shared, producer, CONVERSATIONS, EVENTS_PER_CONVERSATION);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    thread.start();
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
            }
            for (Process process : processes) {
                assertThat(JavaProcess.await(process, 120)).isZero();
            }
            awaitStored(stored, expected);
            assertThat(service.stats())
                    .allSatisfy(task -> assertThat(task.failures()).isZero());
        }

        String db = config.layout().database();
        assertThat(batchesSeen.size()).isGreaterThan(2);
        assertThat(Warehouses.rows(
                        db,
                        "SELECT count(*), count(DISTINCT event_id), min(event_offset), "
                                + "max(event_offset), count(DISTINCT event_offset) FROM events"))
                .containsExactly(List.of(expected, expected, 1L, expected, expected).stream()
                        .map(String::valueOf)
                        .toList());
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM (SELECT sequence, row_number() OVER "
                                + "(PARTITION BY conversation_id ORDER BY batch_id, \"timestamp\", event_offset) AS expected "
                                + "FROM events) WHERE sequence <> expected"))
                .isZero();
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM (SELECT batch_id, min(event_offset) AS lo, "
                                + "max(event_offset) AS hi, lag(max(event_offset)) OVER (ORDER BY batch_id) AS previous FROM events "
                                + "GROUP BY batch_id) WHERE previous IS NOT NULL AND lo <> previous + 1"))
                .isZero();
        try (var left = Files.list(staging)) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith(".")))
                    .isEmpty();
        }
    }

    /** Waits (up to a minute) until the service's committed batches hold every event. */
    private static void awaitStored(AtomicLong stored, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stored.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
