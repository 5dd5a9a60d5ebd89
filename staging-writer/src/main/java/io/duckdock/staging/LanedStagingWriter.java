package io.duckdock.staging;

import io.duckdock.staging.hadoop.StagingFileSystem;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StagingWriter} with N lanes, each one open file behind its own lock. A thread writes to
 * the lane it last used (initially chosen by thread id) and moves to any free lane when that one is
 * busy, so threads settle on separate lanes and do not contend. One background thread publishes
 * full files and, every rotation interval, files that reached their age.
 */
final class LanedStagingWriter implements StagingWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LanedStagingWriter.class);

    private final StagingFileSystem fs;
    private final WriterSettings settings;
    private final Lane[] lanes;
    private final ThreadLocal<int[]> preferredLane;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService background;
    private final Publisher publisher;

    LanedStagingWriter(StagingFileSystem fs, WriterSettings settings) {
        this.fs = fs;
        this.settings = settings;
        this.background = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "duckdock-publisher-" + settings.producerId());
            thread.setDaemon(true);
            return thread;
        });
        this.publisher = new Publisher(background, fs.location());
        this.lanes = new Lane[settings.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(fs, settings, publisher);
        }
        this.preferredLane = ThreadLocal.withInitial(
                () -> new int[] {(int) (Thread.currentThread().getId() % lanes.length)});
        long interval = settings.rotationCheckInterval().toNanos();
        background.scheduleWithFixedDelay(this::publishExpired, interval, interval, TimeUnit.NANOSECONDS);
    }

    @Override
    public void write(Event event) {
        Objects.requireNonNull(event, "event");
        Lane lane = acquireLane();
        try {
            // Checked under the lane lock: close() takes every lane lock after setting the flag.
            if (closed.get()) {
                throw new IllegalStateException("StagingWriter for " + fs.location() + " is closed");
            }
            publisher.rethrowFailure();
            lane.write(event);
        } finally {
            lane.lock.unlock();
        }
    }

    private Lane acquireLane() {
        int[] preferred = preferredLane.get();
        int start = preferred[0];
        for (int i = 0; i < lanes.length; i++) {
            int index = (start + i) % lanes.length;
            if (lanes[index].lock.tryLock()) {
                preferred[0] = index;
                return lanes[index];
            }
        }
        Lane lane = lanes[start];
        lane.lock.lock();
        return lane;
    }

    @Override
    public void flush() {
        if (!closed.get()) {
            publishAll();
        }
        publisher.rethrowFailure();
    }

    @Override
    public WriterStats stats() {
        return publisher.stats();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        publishAll();
        background.shutdown();
        try {
            if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Publisher thread of {} on {} did not stop within 10 s", settings.producerId(), fs.location());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WriterStats stats = stats();
        LOG.info(
                "Closed staging writer {} on {}: {} events in {} files, {} bytes",
                settings.producerId(),
                fs.location(),
                stats.eventsWritten(),
                stats.filesPublished(),
                stats.bytesPublished());
        publisher.rethrowFailure();
    }

    /** Hands every open file to the publisher and waits until all are published. */
    private void publishAll() {
        for (Lane lane : lanes) {
            lane.lock.lock();
            try {
                try {
                    lane.handOff();
                } catch (StagingException e) {
                    publisher.record(e);
                }
                lane.awaitInFlight();
            } finally {
                lane.lock.unlock();
            }
        }
    }

    /** Runs on the background thread; a lane busy with a write checks its age itself. */
    private void publishExpired() {
        long now = settings.clock().millis();
        for (Lane lane : lanes) {
            if (lane.lock.tryLock()) {
                try {
                    if (!closed.get() && lane.isExpired(now)) {
                        lane.publishNow();
                    }
                } catch (StagingException e) {
                    publisher.record(e);
                } finally {
                    lane.lock.unlock();
                }
            }
        }
    }
}
