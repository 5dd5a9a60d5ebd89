package io.duckdock.staging.testing;

import io.duckdock.staging.StagingWriter;
import java.time.Duration;

/**
 * A producer process for tests: {@code ProducerMain <stagingDir> <producerId> <events> <maxRowsPerFile>
 * [hang]}. Writes events numbered 0..events-1 (see {@link TestEvents}), closes and prints
 * {@code DONE}. With {@code hang} it flushes instead, prints {@code PUBLISHED}, then keeps writing one
 * event every 10 ms into a file that never rotates, prints {@code WRITING} after the first, and runs
 * until killed.
 */
public final class ProducerMain {
    private ProducerMain() {}

    public static void main(String[] args) throws InterruptedException {
        String stagingDir = args[0];
        String producerId = args[1];
        long events = Long.parseLong(args[2]);
        int maxRows = Integer.parseInt(args[3]);
        boolean hang = args.length > 4 && args[4].equals("hang");

        StagingWriter writer = StagingWriter.builder(stagingDir)
                .producerId(producerId)
                .maxRowsPerFile(maxRows)
                .maxFileAge(Duration.ofHours(1))
                .build();
        for (long i = 0; i < events; i++) {
            writer.write(TestEvents.numbered(producerId, i));
        }
        if (!hang) {
            writer.close();
            System.out.println("DONE");
            return;
        }
        writer.flush();
        System.out.println("PUBLISHED");
        for (long i = events; ; i++) {
            writer.write(TestEvents.numbered(producerId, i));
            if (i == events) {
                System.out.println("WRITING");
            }
            Thread.sleep(10);
        }
    }
}
