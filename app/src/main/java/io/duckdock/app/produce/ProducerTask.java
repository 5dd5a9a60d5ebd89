package io.duckdock.app.produce;

import io.duckdock.staging.StagingWriter;
import io.duckdock.staging.WriterStats;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One producer: writes its share of the plan's conversations through its own
 * {@link StagingWriter}, paced to its part of the rate and stopped at the deadline.
 */
final class ProducerTask implements Callable<ProduceResult> {
    private final LoadPlan plan;
    private final LoadPlan.Share share;
    private final Supplier<StagingWriter> writers;
    private final AtomicLong progress;
    private final long startMicros;

    /**
     * @param writers opens this producer's writer (with its own producer id)
     * @param progress incremented for every event written
     * @param startMicros timestamp of the first generated conversation
     */
    ProducerTask(
            LoadPlan plan,
            LoadPlan.Share share,
            Supplier<StagingWriter> writers,
            AtomicLong progress,
            long startMicros) {
        this.plan = plan;
        this.share = share;
        this.writers = writers;
        this.progress = progress;
        this.startMicros = startMicros;
    }

    @Override
    public ProduceResult call() throws InterruptedException {
        long startNanos = System.nanoTime();
        StagingWriter writer = writers.get();
        long written;
        try {
            written = writeShare(writer, startNanos);
        } finally {
            writer.close();
        }
        WriterStats stats = writer.stats();
        return new ProduceResult(
                written,
                stats.filesPublished(),
                stats.bytesPublished(),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Writes the share until done or the deadline; returns the number of events written. */
    private long writeShare(StagingWriter writer, long startNanos) throws InterruptedException {
        long deadlineNanos =
                plan.maxDuration().map(d -> startNanos + d.toNanos()).orElse(Long.MAX_VALUE);
        double nanosPerEvent = plan.producerRate() > 0 ? 1e9 / plan.producerRate() : 0;
        long written = 0;
        for (long c = share.from(); c < share.to(); c++) {
            SyntheticConversation conversation = new SyntheticConversation(
                    plan.seed(), c, plan.eventsPerConversation(), plan.experiments(), startMicros);
            while (conversation.hasNext()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("producer " + share.index() + " was stopped");
                }
                long dueNanos = startNanos + (long) (written * nanosPerEvent);
                long now = System.nanoTime();
                if (now >= deadlineNanos || dueNanos >= deadlineNanos) {
                    return written;
                }
                if (dueNanos > now) {
                    TimeUnit.NANOSECONDS.sleep(dueNanos - now);
                }
                writer.write(conversation.next());
                written++;
                progress.incrementAndGet();
            }
        }
        return written;
    }
}
