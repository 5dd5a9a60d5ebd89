package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.staging.testing.MutableClock;
import io.duckdock.staging.testing.StagedEvents;
import io.duckdock.staging.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atEpochPlus(Duration.ofDays(20_000));

    private StagingWriterBuilder builder() {
        return StagingWriter.builder(dir.toString()).producerId("p1").lanes(1).clock(clock);
    }

    @Test
    void write_publishesFileAtMaxRows() {
        try (StagingWriter writer = builder().maxRowsPerFile(10).build()) {
            for (int i = 0; i < 25; i++) {
                writer.write(TestEvents.numbered("a", i));
            }
            writer.flush();

            assertThat(StagedEvents.publishedFiles(dir))
                    .extracting(file -> StagedEvents.readFile(file).size())
                    .containsExactly(10, 10, 5);
        }
        assertThat(StagedEvents.readAll(dir)).extracting(Event::conversationId).containsExactlyElementsOf(numbered(25));
    }

    @Test
    void write_publishesFileAtMaxBytes() throws Exception {
        long maxBytes = 2L << 20;
        SplittableRandom random = new SplittableRandom(7);
        try (StagingWriter writer =
                builder().maxBytesPerFile(maxBytes).compression("uncompressed").build()) {
            for (int i = 0; i < 8_000; i++) {
                // ~1 KB of distinct, incompressible text per event
                StringBuilder text = new StringBuilder();
                for (int c = 0; c < 1_000; c++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                writer.write(Event.builder()
                        .conversationId("c" + i)
                        .eventType("t")
                        .timestampMicros(i)
                        .eventData("\"" + text + "\"")
                        .build());
            }
        }

        List<Path> files = StagedEvents.publishedFiles(dir);
        assertThat(files).hasSizeBetween(3, 6);
        for (Path file : files) {
            assertThat(Files.size(file)).isLessThan(maxBytes + maxBytes / 2);
        }
        assertThat(StagedEvents.readAll(dir)).hasSize(8_000);
    }

    @Test
    void write_afterMaxAge_publishesTheOldFileAndStartsANewOne() {
        try (StagingWriter writer = builder().maxFileAge(Duration.ofSeconds(5)).build()) {
            writer.write(TestEvents.numbered("a", 0));
            clock.advance(Duration.ofMillis(4_999));
            writer.write(TestEvents.numbered("a", 1));
            clock.advance(Duration.ofMillis(1));
            writer.write(TestEvents.numbered("a", 2));
            writer.flush();

            assertThat(StagedEvents.publishedFiles(dir))
                    .extracting(StagedEvents::readFile)
                    .containsExactly(
                            List.of(TestEvents.numbered("a", 0), TestEvents.numbered("a", 1)),
                            List.of(TestEvents.numbered("a", 2)));
        }
    }

    @Test
    void idleWriter_publishesAfterMaxAgeWithoutNewEvent() {
        try (StagingWriter writer = builder()
                .maxFileAge(Duration.ofSeconds(5))
                .rotationCheckInterval(Duration.ofMillis(10))
                .build()) {
            writer.write(TestEvents.numbered("a", 0));
            clock.advance(Duration.ofMillis(4_999));
            // Two reads of the clock after the write are two age checks of the background thread.
            long readsAfterWrite = clock.reads();
            awaitUntil(() -> clock.reads() >= readsAfterWrite + 2, "two age checks by the background thread");
            assertThat(StagedEvents.list(dir)).as("published before max age").isEmpty();

            clock.advance(Duration.ofMillis(1));
            awaitUntil(() -> writer.stats().filesPublished() == 1, "the file published at max age");

            assertThat(StagedEvents.readAll(dir)).containsExactly(TestEvents.numbered("a", 0));
            assertThat(StagedEvents.hiddenFiles(dir)).isEmpty();
        }
    }

    /** Polls with a deadline; the background thread checks ages every 10 ms. */
    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s for " + what).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    private static List<String> numbered(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "a:" + i)
                .toList();
    }
}
