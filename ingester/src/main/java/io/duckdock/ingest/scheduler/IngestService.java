package io.duckdock.ingest.scheduler;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.ArchivePurge;
import io.duckdock.ingest.IngestListener;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.storage.Directory;
import io.duckdock.staging.SweepResult;
import io.duckdock.staging.TempFileSweeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running service behind {@code duckdock run}: holds the single-writer lock for its whole
 * life and runs the ingest, compaction, sweep, checkpoint and archive-purge jobs on their schedules. {@link #close} lets the batch in
 * flight finish (each batch is one transaction, so nothing is ever half done), then releases the lock.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    /** Archive folders are per day, so checking a few times an hour is plenty. */
    static final java.time.Duration ARCHIVE_PURGE_INTERVAL = java.time.Duration.ofMinutes(15);

    private final IngesterLock lock;
    private final Ingester ingester;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<IngestReport> lastReport = new AtomicReference<>();
    private final Service service;

    private IngestService(
            DuckDockConfig config,
            Clock clock,
            IngestListener listener,
            IngesterLock lock,
            WriteFence fence,
            boolean withSharedJobs) {
        this.lock = lock;
        try {
            this.ingester = Ingester.create(config, clock, listener, fence);
            List<ScheduledTask> tasks = new ArrayList<>();
            if (config.ingest().enabled()) {
                ScheduledTask.Body ingest = () -> lastReport.set(ingester.runOnce(lock, stopping::get));
                tasks.add(config.ingest()
                        .cron()
                        .map(cron -> ScheduledTask.cron("ingest", cron, ingest))
                        .orElseGet(() ->
                                ScheduledTask.every("ingest", config.ingest().interval(), ingest)));
            }
            if (config.lake().enabled()) {
                tasks.add(ScheduledTask.every(
                        "compact", config.lake().compactionInterval(), () -> ingester.compactLake(lock)));
                tasks.add(ScheduledTask.every(
                        "expire-snapshots",
                        config.lake().snapshotExpiryInterval(),
                        () -> ingester.expireLakeSnapshots(lock)));
                tasks.add(ScheduledTask.every(
                        "delete-orphans",
                        config.lake().orphanCleanupInterval(),
                        () -> ingester.deleteLakeOrphans(lock)));
            }
            tasks.add(ScheduledTask.every(
                    "checkpoint", config.warehouse().checkpointInterval(), () -> ingester.checkpoint(lock)));
            if (withSharedJobs) {
                tasks.addAll(sharedTasks(config, clock));
            }
            this.service = Service.start(tasks, clock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Takes the lock and starts the schedule.
     *
     * @param listener hears every committed batch and every wait for the warehouse file
     * @throws io.duckdock.ingest.IngesterLockedException when another ingester runs on this home
     * @throws io.duckdock.error.DuckDockException (configuration) when ingest.cron is not a valid Quartz
     *                                             expression
     */
    public static IngestService start(DuckDockConfig config, Clock clock, IngestListener listener) {
        IngesterLock lock = IngesterLock.acquire(config);
        return new IngestService(config, clock, listener, lock, WriteFence.OPEN, true);
    }

    /**
     * Starts the schedule of a node that became active: it owns {@code lock} from now on and releases
     * it on {@link #close}.
     *
     * @param fence checked before each batch commits
     * @param withSharedJobs whether this service also sweeps staging and purges the archive; false when
     *                       a clustered scheduler runs {@link #sharedTasks} on some node of the cluster
     */
    public static IngestService start(
            DuckDockConfig config,
            Clock clock,
            IngestListener listener,
            IngesterLock lock,
            WriteFence fence,
            boolean withSharedJobs) {
        return new IngestService(config, clock, listener, lock, fence, withSharedJobs);
    }

    /**
     * Checks the settings the schedule is built from, for a node that starts only later (standby).
     *
     * @throws io.duckdock.error.DuckDockException (configuration) when ingest.cron is not a valid Quartz
     *                                             expression
     */
    public static void check(DuckDockConfig config) {
        config.ingest().cron().ifPresent(cron -> Service.check(ScheduledTask.cron("ingest", cron, () -> {})));
    }

    /** The jobs on directories every node shares (staging, archive): any one node may run them. */
    public static List<ScheduledTask> sharedTasks(DuckDockConfig config, Clock clock) {
        return List.of(
                ScheduledTask.every("sweep", config.staging().sweepInterval(), () -> sweep(config, clock)),
                ScheduledTask.every(
                        "archive-purge",
                        ARCHIVE_PURGE_INTERVAL,
                        () -> ArchivePurge.purge(
                                Directory.of(config.layout().archiveDir(), config.hadoop()),
                                config.archive().retention(),
                                clock)));
    }

    private static void sweep(DuckDockConfig config, Clock clock) {
        SweepResult result = TempFileSweeper.sweep(
                config.layout().stagingDir().toString(),
                config.hadoop(),
                config.staging().tempFileMaxAge(),
                clock);
        if (result.deleted() > 0) {
            LOG.info("sweep: removed {} abandoned temporary files ({} bytes)", result.deleted(), result.bytes());
        }
    }

    /** The report of the last completed ingest run, if any. */
    public Optional<IngestReport> lastReport() {
        return Optional.ofNullable(lastReport.get());
    }

    public List<TaskStats> stats() {
        return service.stats();
    }

    /** Stops scheduling, lets the batch in flight commit or roll back, and releases the lock. Idempotent. */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        ingester.stopping();
        try {
            service.close();
        } finally {
            try {
                ingester.close();
            } finally {
                lock.close();
            }
        }
    }
}
