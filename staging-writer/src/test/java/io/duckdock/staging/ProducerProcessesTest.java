package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.staging.testing.ProducerProcess;
import io.duckdock.staging.testing.StagedEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate JVMs writing into one staging directory, as producers do in production. */
@Tag("jvm")
class ProducerProcessesTest {
    @TempDir
    Path staging;

    @TempDir
    Path logs;

    @Test
    void threeProducerProcesses_publishEveryEventExactlyOnce() throws Exception {
        int events = 5_000;
        List<ProducerProcess> producers = new ArrayList<>();
        try {
            for (int p = 0; p < 3; p++) {
                producers.add(ProducerProcess.start(
                        logs.resolve("p" + p + ".log"),
                        staging.toString(),
                        "proc" + p,
                        String.valueOf(events),
                        "1500"));
            }
            for (ProducerProcess producer : producers) {
                producer.awaitSuccess(Duration.ofSeconds(60));
            }
        } finally {
            producers.forEach(ProducerProcess::close);
        }

        Map<String, Long> copies = StagedEvents.readAll(staging).stream()
                .collect(Collectors.groupingBy(Event::conversationId, Collectors.counting()));
        List<String> expected = Stream.of("proc0", "proc1", "proc2")
                .flatMap(p -> IntStream.range(0, events).mapToObj(i -> p + ":" + i))
                .toList();
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(copies.values()).allMatch(count -> count == 1);
        assertThat(StagedEvents.hiddenFiles(staging)).isEmpty();
        assertThat(StagedEvents.publishedFiles(staging))
                .hasSize(3 * 4)
                .allSatisfy(file -> assertThat(file.getFileName().toString()).matches("events-proc[0-2]-.*\\.parquet"));
    }

    @Test
    void killedProducer_losesOnlyItsUnpublishedEvents_andLeavesNoFileBehind() throws Exception {
        try (ProducerProcess producer =
                ProducerProcess.start(logs.resolve("killed.log"), staging.toString(), "victim", "500", "200", "hang")) {
            producer.awaitLine("WRITING", Duration.ofSeconds(60));

            producer.process().destroyForcibly();
            assertThat(producer.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(producer.process().exitValue()).isEqualTo(137);
        }

        // The open file's events were only in memory: nothing partial, nothing hidden, is left.
        assertThat(StagedEvents.publishedFiles(staging)).hasSize(3);
        assertThat(StagedEvents.readAll(staging))
                .extracting(Event::conversationId)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 500).mapToObj(i -> "victim:" + i).toList());
        assertThat(StagedEvents.hiddenFiles(staging)).isEmpty();
    }
}
