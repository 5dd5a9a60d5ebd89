package io.duckdock.ingest.testing;

import io.duckdock.staging.Event;
import io.duckdock.staging.StagingWriter;
import java.time.Duration;

/**
 * A producer process: {@code <stagingDir> <producerId> <conversations> <eventsPerConversation> <maxRowsPerFile>}.
 * Writes the events of conversations {@code <producerId>-<k>} round-robin with increasing timestamps,
 * pausing briefly now and then so that its files interleave with scheduled ingestion. Prints DONE.
 */
public final class ConversationProducerMain {
    private ConversationProducerMain() {}

    public static void main(String[] args) throws InterruptedException {
        try (StagingWriter writer = StagingWriter.builder(args[0])
                .producerId(args[1])
                .maxRowsPerFile(Integer.parseInt(args[4]))
                .maxFileAge(Duration.ofMillis(300))
                .build()) {
            write(writer, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
        System.out.println("DONE");
    }

    /** Writes the conversations' events; used by producer threads too. */
    public static void write(StagingWriter writer, String producer, int conversations, int eventsPerConversation)
            throws InterruptedException {
        long t = 1_767_225_600_000_000L;
        for (int e = 0; e < eventsPerConversation; e++) {
            for (int c = 0; c < conversations; c++) {
                writer.write(Event.builder()
                        .conversationId(producer + "-" + c)
                        .eventType("message.sent")
                        .timestampMicros(t + (long) e * 1_000_000L + c)
                        .eventData("{\"e\":" + e + "}")
                        .build());
            }
            if (e % 25 == 0) {
                Thread.sleep(20);
            }
        }
    }
}
