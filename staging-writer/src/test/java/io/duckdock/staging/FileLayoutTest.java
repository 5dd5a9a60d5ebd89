package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.staging.testing.StagedEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are written with each conversation's events contiguous and in time order, and say so. */
class FileLayoutTest {
    @TempDir
    Path dir;

    private StagingWriterBuilder builder() {
        return StagingWriter.builder(dir.toString()).producerId("p1").lanes(1);
    }

    /** An event whose payload records its write order, so ties can be checked after reading. */
    private static Event event(String conversation, long timestamp, int writeOrder) {
        return Event.builder()
                .conversationId(conversation)
                .eventType("t")
                .timestampMicros(timestamp)
                .eventData("{\"written\":" + writeOrder + "}")
                .build();
    }

    private static int writeOrder(Event event) {
        String data = event.eventData().orElseThrow();
        return Integer.parseInt(data.substring(data.indexOf(':') + 1, data.length() - 1));
    }

    @Test
    void publishedFile_groupsConversationsInFirstEventOrder_byTimestamp_tiesInWriteOrder() {
        List<Event> written = List.of(
                event("b", 30, 0),
                event("a", 20, 1),
                event("b", 10, 2),
                event("a", 20, 3),
                event("c", 5, 4),
                event("b", 30, 5),
                event("a", 10, 6),
                event("b", 20, 7));
        try (StagingWriter writer = builder().build()) {
            written.forEach(writer::write);
        }

        assertThat(StagedEvents.readAll(dir))
                .extracting(FileLayoutTest::writeOrder)
                .containsExactly(2, 7, 0, 5, 6, 1, 3, 4);
    }

    @Test
    void publishedFile_declaresItsLayoutInTheFooter() {
        try (StagingWriter writer = builder().build()) {
            writer.write(event("a", 1, 0));
            writer.write(event("b", 1, 1));
            writer.write(event("a", 2, 2));
        }

        assertThat(StagedEvents.footer(StagedEvents.publishedFiles(dir).get(0))
                        .getFileMetaData()
                        .getKeyValueMetaData())
                .containsEntry("duckdock.layout", "conversation-contiguous,timestamp-ordered")
                .containsEntry(FileLayout.KEY, FileLayout.CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED)
                .containsEntry(FileLayout.CONVERSATIONS_KEY, "2");
    }

    @Test
    void everyRotatedFile_isContiguousPerConversationAndTimeOrdered() {
        SplittableRandom random = new SplittableRandom(42);
        List<Event> written = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // few timestamps per conversation, so that ties are frequent
            written.add(event("conv-" + random.nextInt(40), random.nextInt(50), i));
        }
        try (StagingWriter writer = builder().maxRowsPerFile(3_000).build()) {
            written.forEach(writer::write);
        }

        List<Path> files = StagedEvents.publishedFiles(dir);
        assertThat(files).hasSize(4);
        List<Event> read = new ArrayList<>();
        for (Path file : files) {
            List<Event> events = StagedEvents.readFile(file);
            assertContiguousAndOrdered(file, events);
            read.addAll(events);
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void publishedFile_keepsEveryFieldOfEveryHeldEvent_absentOnesIncluded() {
        SplittableRandom random = new SplittableRandom(7);
        List<Event> written = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            written.add(Event.builder()
                    .eventId(new java.util.UUID(random.nextLong(), random.nextLong()))
                    .conversationId("conv-" + random.nextInt(30))
                    .experimentId(random.nextInt(4) == 0 ? null : "exp-" + random.nextInt(3))
                    .eventType("type-" + random.nextInt(5))
                    .timestampMicros(random.nextLong(1_000_000))
                    .eventData(random.nextInt(3) == 0 ? null : "{\"n\":" + i + "}")
                    .build());
        }
        try (StagingWriter writer = builder().maxRowsPerFile(2_000).build()) {
            written.forEach(writer::write);
        }

        List<Event> read = new ArrayList<>();
        for (Path file : StagedEvents.publishedFiles(dir)) {
            read.addAll(StagedEvents.readFile(file));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    }

    private static void assertContiguousAndOrdered(Path file, List<Event> events) {
        Set<String> finished = new HashSet<>();
        for (int i = 1; i < events.size(); i++) {
            Event previous = events.get(i - 1);
            Event current = events.get(i);
            if (!current.conversationId().equals(previous.conversationId())) {
                assertThat(finished.add(previous.conversationId()))
                        .as("%s: conversation %s appears in two runs", file, previous.conversationId())
                        .isTrue();
                assertThat(finished).as("%s: row %d", file, i).doesNotContain(current.conversationId());
                continue;
            }
            assertThat(current.timestampMicros())
                    .as("%s: row %d timestamp", file, i)
                    .isGreaterThanOrEqualTo(previous.timestampMicros());
            if (current.timestampMicros() == previous.timestampMicros()) {
                assertThat(writeOrder(current)).as("%s: row %d tie", file, i).isGreaterThan(writeOrder(previous));
            }
        }
    }
}
