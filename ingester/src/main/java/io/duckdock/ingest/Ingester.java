package io.duckdock.ingest;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.config.IngestConfig;
import io.duckdock.config.Layout;
import io.duckdock.ingest.lake.Lake;
import io.duckdock.ingest.lake.LakeException;
import io.duckdock.ingest.storage.Directory;
import io.duckdock.ingest.storage.Spool;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. {@link #runOnce} drains the staging directory batch after batch; each batch
 * is loaded, numbered and recorded in one DuckDB transaction, then its files leave staging.
 *
 * <p>Callers must hold the {@link IngesterLock} of the home for as long as they use an ingester.
 * A file database is opened for each run and closed after it, so read-only analysts can open it
 * between runs.
 */
public final class Ingester implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);

    private final DuckDockConfig config;
    private final Clock clock;
    private final IngestListener listener;
    private final Lake lake;
    private final WriteFence fence;
    /** Ingest runs and lake compactions take turns on the warehouse. */
    private final ReentrantLock writer = new ReentrantLock(true);

    private volatile boolean closed;
    /** Set when the service stops: lake housekeeping still waiting for its turn is skipped. */
    private volatile boolean stopping;

    private Ingester(DuckDockConfig config, Clock clock, IngestListener listener, WriteFence fence) {
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        this.fence = fence;
        this.lake = Lake.of(config, clock, fence);
    }

    /**
     * @throws InMemoryWarehouseException when warehouse.path is {@code :memory:}: every ingested event
     *                                    would be lost at exit while its staged file is archived
     */
    public static Ingester create(DuckDockConfig config, Clock clock, IngestListener listener) {
        return create(config, clock, listener, WriteFence.OPEN);
    }

    /**
     * @param fence checked before each batch commits; a closed fence rolls the batch back and ends the run
     * @throws InMemoryWarehouseException when warehouse.path is {@code :memory:}
     */
    public static Ingester create(DuckDockConfig config, Clock clock, IngestListener listener, WriteFence fence) {
        if (config.layout().inMemoryDatabase()) {
            throw new InMemoryWarehouseException();
        }
        return new Ingester(config, clock, listener, fence);
    }

    public static Ingester create(DuckDockConfig config) {
        return create(config, Clock.systemUTC(), IngestListener.NONE);
    }

    /** Drains the backlog; equivalent to {@code runOnce(lock, () -> false)}. */
    public IngestReport runOnce(IngesterLock lock) {
        return runOnce(lock, () -> false);
    }

    /**
     * Ingests every staged file, batch after batch, until staging holds only deferred files or
     * {@code stopRequested} turns true (checked between batches; a batch in flight is finished).
     *
     * @throws DatabaseLockedException when another process held the database past ingest.lock-timeout
     */
    public IngestReport runOnce(IngesterLock lock, BooleanSupplier stopRequested) {
        return writerTurn(lock, () -> {
            long start = System.nanoTime();
            return withConnection(connection -> run(connection, lock, stopRequested, start));
        });
    }

    private IngestReport run(Connection connection, IngesterLock lock, BooleanSupplier stopRequested, long start) {
        Layout layout = config.layout();
        // batches a crash left committed but unpublished; until they are in the lake no file leaves staging
        lake.publishPending(connection);
        Directory staging = Directory.of(layout.stagingDir(), config.hadoop());
        Spool spool = new Spool(layout.spool());
        // copies a crashed run left behind
        clearSpool(spool);
        Triage triage = new Triage(staging, spool, config.ingest().settleTime());
        FileMover mover = new FileMover(
                staging,
                Directory.of(layout.archiveDir(), config.hadoop()),
                Directory.of(layout.rejectedDir(), config.hadoop()));
        Path aliasDir = staging.localPath().orElse(spool.dir()).resolve(".duckdock-read");
        List<BatchResult> batches = new ArrayList<>();
        Set<String> deferred = new HashSet<>();
        int moved = 0;
        while (!stopRequested.getAsBoolean()) {
            List<StagedFile> waiting = StagingScanner.list(staging).stream()
                    .filter(f -> !deferred.contains(f.path()))
                    .toList();
            IngestConfig ingest = config.ingest();
            List<StagedFile> batch = BatchSelector.take(waiting, ingest.maxFilesPerBatch(), ingest.maxBytesPerBatch());
            if (batch.isEmpty()) {
                break;
            }
            // fencing: a holder that lost the shared lock of remote staging loads nothing more
            lock.verifyShared();
            BatchRun run = new BatchRun(
                    connection, triage, mover, clock, ingest.dedupWindow(), aliasDir, ingest.maxRowsPerBatch(), fence);
            BatchRun.Outcome outcome;
            try {
                // each batch is published before its files leave staging: no batch lives only in the warehouse
                outcome = run.process(
                        batch, () -> Ledger.lastBatchId(connection) + 1, result -> lake.publishPending(connection));
            } catch (LakeException e) {
                if (!stopRequested.getAsBoolean()) {
                    throw e;
                }
                // a JVM shutting down stops Iceberg's worker pool under the publication of the batch in flight
                LOG.warn(
                        "stopping: {}; the batch is committed, its files stay in staging and the next run publishes "
                                + "and moves them",
                        e.getMessage());
                break;
            } finally {
                clearSpool(spool);
            }
            outcome.deferred().forEach(f -> deferred.add(f.path()));
            moved += outcome.pendingMovesDone();
            outcome.committed().ifPresent(result -> {
                batches.add(result);
                listener.batchCommitted(result);
            });
        }
        purgeCold(connection);
        return new IngestReport(batches, deferred.size(), moved, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void clearSpool(Spool spool) {
        try {
            spool.clear();
        } catch (IOException e) {
            throw new IngestException(
                    "Cannot empty the spool " + spool.dir() + " (ingest.spool-dir): " + e.getMessage()
                            + "; free it or point ingest.spool-dir at a writable local directory",
                    e);
        }
    }

    /**
     * Merges the lake's small files (lake.target-file-size); waits for an ingest run in flight.
     *
     * @throws io.duckdock.ingest.lake.LakeException when a lake file cannot be written; the next pass repairs it
     */
    public Lake.Compaction compactLake(IngesterLock lock) {
        return withWarehouse(lock, connection -> {
            if (stopping) {
                // a JVM shutting down stops Iceberg's worker pool under a compaction's commit, which would leave
                // its files hidden until the next compaction repairs them
                return new Lake.Compaction(0, 0);
            }
            Lake.Compaction result = lake.compact(connection);
            if (result.filesBefore() != result.filesAfter()) {
                LOG.info("lake compaction: {} files before, {} after", result.filesBefore(), result.filesAfter());
            }
            return result;
        });
    }

    /** Expires old lake snapshots (lake.snapshot-retention), after the ingest run in flight. */
    public int expireLakeSnapshots(IngesterLock lock) {
        return writerTurn(lock, () -> stopping ? 0 : lake.expireSnapshots());
    }

    /** Deletes orphan lake files (lake.orphan-file-age), after the ingest run in flight. */
    public int deleteLakeOrphans(IngesterLock lock) {
        return writerTurn(lock, () -> stopping ? 0 : lake.deleteOrphans());
    }

    /** The service stops: lake housekeeping that has not started yet is skipped; ingest runs stop between batches. */
    public void stopping() {
        stopping = true;
    }

    /**
     * Runs a DuckDB {@code CHECKPOINT} on the warehouse, taking it the way an ingest run does (after
     * the run in flight, through the same lock-timeout).
     *
     * @throws DatabaseLockedException when another process held the database past ingest.lock-timeout
     * @throws IngestException when the checkpoint itself fails
     */
    public void checkpoint(IngesterLock lock) {
        withWarehouse(lock, connection -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
                return null;
            } catch (SQLException e) {
                throw new IngestException(
                        "CHECKPOINT of " + config.layout().database() + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** {@link #withConnection} in the writer's turn. */
    private <T> T withWarehouse(IngesterLock lock, Function<Connection, T> work) {
        return writerTurn(lock, () -> withConnection(work));
    }

    /** Runs {@code work} after an ingest run or compaction in flight, never beside one. */
    private <T> T writerTurn(IngesterLock lock, Supplier<T> work) {
        requireLock(lock);
        writer.lock();
        try {
            return work.get();
        } finally {
            writer.unlock();
        }
    }

    /** Opens the warehouse, gives it to {@code work} and closes it again. */
    private <T> T withConnection(Function<Connection, T> work) {
        if (closed) {
            throw new IllegalStateException("This ingester is closed; create a new one");
        }
        createDirectories(config.layout());
        Connection connection = Warehouse.openForWriting(
                config.layout().database(), config.warehouse(), config.ingest().lockTimeout(), listener);
        try {
            return work.apply(connection);
        } finally {
            closeConnection(connection);
        }
    }

    private void purgeCold(Connection connection) {
        try {
            long purged = lake.purgeCold(connection, config.warehouse().hotDays());
            if (purged > 0) {
                LOG.info(
                        "retention: deleted {} events older than {} days from the database (they are in the lake)",
                        purged,
                        config.warehouse().hotDays());
            }
        } catch (LakeException e) {
            LOG.error("{}", e.getMessage());
        }
    }

    private static void createDirectories(Layout layout) {
        try {
            layout.createDirectories();
        } catch (IOException e) {
            throw new IngestException("Cannot create the DuckDock home layout under " + layout.home() + ": " + e, e);
        }
    }

    private void requireLock(IngesterLock lock) {
        if (lock == null || !lock.lockFile().equals(config.layout().lockFile())) {
            throw new IllegalArgumentException(
                    "runOnce needs the ingester lock of " + config.layout().lockFile());
        }
        // a cluster node's fence (its role lock, checked before each commit) keeps the other nodes out
        // of a remote staging directory instead of the shared lock, whose HDFS lease would outlive a
        // killed holder by a minute
        if (!config.layout().stagingDir().isLocal() && !lock.holdsSharedLock() && fence == WriteFence.OPEN) {
            throw new IllegalArgumentException("staging.dir " + config.layout().stagingDir()
                    + " is remote: take the lock with IngesterLock.acquire(config), which includes the shared lock,"
                    + " or run as a cluster node, whose fence keeps other writers out");
        }
    }

    private static void closeConnection(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("Closing the warehouse connection failed: {}", e.getMessage());
        }
    }

    /** Ends this ingester: a run already under way finishes, later calls are refused. */
    @Override
    public void close() {
        closed = true;
    }
}
