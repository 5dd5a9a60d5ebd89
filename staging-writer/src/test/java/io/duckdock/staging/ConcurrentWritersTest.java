package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.staging.testing.StagedEvents;
import io.duckdock.staging.testing.TestEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentWritersTest {
    private static final int THREADS = 8;
    private static final int EVENTS_PER_THREAD = 5_000;

    @TempDir
    Path dir;

    @Test
    void write_fromEightThreads_putsEveryEventInExactlyOnePublishedFile() throws Exception {
        StagingWriter writer = StagingWriter.builder(dir.toString())
                .producerId("shared")
                .lanes(2)
                .maxRowsPerFile(1_500)
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            String source = "t" + t;
            futures.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < EVENTS_PER_THREAD; i++) {
                    writer.write(TestEvents.numbered(source, i));
                    if (i % 2_000 == 1_999) {
                        writer.flush();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        threads.shutdown();
        writer.close();

        List<Event> events = StagedEvents.readAll(dir);
        Map<String, Long> copies =
                events.stream().collect(Collectors.groupingBy(Event::conversationId, Collectors.counting()));
        assertThat(events).hasSize(THREADS * EVENTS_PER_THREAD);
        assertThat(copies)
                .hasSize(THREADS * EVENTS_PER_THREAD)
                .allSatisfy((id, count) -> assertThat(count).isOne());
        assertThat(events.stream().map(Event::eventId).collect(Collectors.toSet()))
                .hasSize(events.size());
        assertThat(StagedEvents.hiddenFiles(dir)).isEmpty();
        assertThat(writer.stats().eventsWritten()).isEqualTo(THREADS * EVENTS_PER_THREAD);
        assertThat(writer.stats().filesPublished())
                .isEqualTo(StagedEvents.publishedFiles(dir).size());
        assertThat(StagedEvents.publishedFiles(dir))
                .allSatisfy(file -> assertThat(StagedEvents.readFile(file)).hasSizeLessThanOrEqualTo(1_500));
        // Each thread's events keep their order within a file.
        for (Path file : StagedEvents.publishedFiles(dir)) {
            Map<String, List<Long>> bySource = StagedEvents.readFile(file).stream()
                    .collect(Collectors.groupingBy(
                            e -> e.conversationId().split(":")[0],
                            Collectors.mapping(
                                    e -> Long.parseLong(e.conversationId().split(":")[1]), Collectors.toList())));
            bySource.values().forEach(sequence -> assertThat(sequence).isSorted());
        }
    }
}
