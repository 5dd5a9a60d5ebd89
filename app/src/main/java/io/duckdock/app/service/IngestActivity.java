package io.duckdock.app.service;

import io.duckdock.ingest.BatchResult;
import io.duckdock.ingest.IngestListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the ingester did while the service ran: it hears every committed batch and every wait for
 * the warehouse file. Counters start at zero with the service; the recent batches are seeded from
 * the warehouse. Built first, before the ingest service it listens to, so nothing is wired later.
 */
public final class IngestActivity implements IngestListener {
    static final int RECENT_BATCHES = 200;

    private final Deque<BatchSummary> recent = new ArrayDeque<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong batchNanos = new AtomicLong();
    private final AtomicLong eventsIngested = new AtomicLong();
    private final AtomicLong filesIngested = new AtomicLong();
    private final AtomicLong filesRejected = new AtomicLong();
    private final AtomicLong lockWaits = new AtomicLong();
    private final AtomicLong lockWaitNanos = new AtomicLong();

    /** @param seed the last batches already in the warehouse, newest first */
    public IngestActivity(List<BatchSummary> seed) {
        seed.stream().limit(RECENT_BATCHES).forEach(recent::addLast);
    }

    @Override
    public void batchCommitted(BatchResult batch) {
        batches.incrementAndGet();
        batchNanos.addAndGet(batch.duration().toNanos());
        eventsIngested.addAndGet(batch.eventsIngested());
        filesIngested.addAndGet(batch.filesIngested());
        filesRejected.addAndGet(batch.filesRejected());
        synchronized (recent) {
            recent.addFirst(BatchSummary.of(batch));
            while (recent.size() > RECENT_BATCHES) {
                recent.removeLast();
            }
        }
    }

    @Override
    public void lockWaited(Duration waited) {
        lockWaits.incrementAndGet();
        lockWaitNanos.addAndGet(waited.toNanos());
    }

    /** The last {@value #RECENT_BATCHES} batches, newest first. */
    List<BatchSummary> recentBatches() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Batches committed since the service started. */
    long batches() {
        return batches.get();
    }

    /** Total wall time of those batches. */
    Duration batchTime() {
        return Duration.ofNanos(batchNanos.get());
    }

    public long eventsIngested() {
        return eventsIngested.get();
    }

    long filesIngested() {
        return filesIngested.get();
    }

    public long filesRejected() {
        return filesRejected.get();
    }

    /** Waits for the warehouse file while another process held it. */
    long lockWaits() {
        return lockWaits.get();
    }

    /** Total time of those waits. */
    Duration lockWaitTime() {
        return Duration.ofNanos(lockWaitNanos.get());
    }
}
