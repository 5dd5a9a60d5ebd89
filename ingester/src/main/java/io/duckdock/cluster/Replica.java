package io.duckdock.cluster;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.DuckDockException;
import io.duckdock.ingest.DatabaseLockedException;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.IngesterLockedException;
import io.duckdock.ingest.Warehouse;
import io.duckdock.ingest.lake.LakeCatchUp;
import io.duckdock.ingest.storage.LakeStorage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's warehouse as a replica of the cluster's shared lake. While the node stands by, a pass
 * every cluster.replica-interval applies the batches the lake gained (at most {@value #BATCHES_PER_PASS}
 * per pass, {@value #BATCHES_PER_TRANSACTION} per transaction), holding the home's ingester lock and the
 * database only for the pass; when analysts hold the database open the pass is skipped. A node that
 * becomes active first catches up completely, so it continues the lake's batch ids, offsets and
 * sequences. Used from the node's takeover thread only.
 */
public final class Replica {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    static final int BATCHES_PER_PASS = 100;
    static final int BATCHES_PER_TRANSACTION = 10;
    /** How long a pass waits for analysts' read-only opens of the warehouse before skipping. */
    private static final Duration OPEN_WAIT = Duration.ofMillis(500);

    /**
     * The replica at its last pass.
     *
     * @param batch the last batch the warehouse holds
     * @param lakeBatch the last batch the lake held when the pass read it
     * @param lag how long the batches the pass applied had been in the lake (the longest); when the
     *     replica is still behind, how long the oldest batch it lacks has been there
     * @param checkedAt when the last pass that read the lake finished
     * @param problem why the last pass did not run or failed; null when it ran
     */
    public record State(long batch, long lakeBatch, Duration lag, Instant checkedAt, String problem) {
        public long lagBatches() {
            return Math.max(0, lakeBatch - batch);
        }
    }

    private final DuckDockConfig config;
    private final Clock clock;
    private final LakeCatchUp catchUp;
    private volatile State state;
    private Instant nextPass = Instant.MIN;

    Replica(DuckDockConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // a spool directory of its own; the ingester empties the whole spool after each batch, which is safe
        // because a pass holds the home's lock and the node ingests only after its last pass
        this.catchUp = LakeCatchUp.of(
                LakeStorage.of(
                        config.layout().lakeDir(),
                        config.hadoop(),
                        config.layout().spool().resolve("replica")),
                config.layout().lakeDir().toString(),
                clock,
                BATCHES_PER_TRANSACTION);
        this.state = new State(0, 0, Duration.ZERO, clock.instant(), "no pass yet");
    }

    public State state() {
        return state;
    }

    /** A pass, when cluster.replica-interval has passed since the last one. */
    void passIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPass)) {
            return;
        }
        nextPass = now.plus(config.cluster().replicaInterval());
        // the home's lock: no `duckdock ingest` or restore writes this warehouse during the pass
        IngesterLock lock;
        try {
            lock = IngesterLock.acquire(config.layout().lockFile());
        } catch (IngesterLockedException e) {
            skip("another process writes this node's warehouse (" + e.getMessage() + ")");
            return;
        }
        try (lock) {
            pass(BATCHES_PER_PASS, OPEN_WAIT);
        } catch (DatabaseLockedException e) {
            skip("the warehouse is open elsewhere (an analyst's query?): " + e.getMessage());
        } catch (DuckDockException e) {
            skip(e.getMessage());
        }
    }

    /**
     * Before this node writes: repairs the lake's files and applies every batch the warehouse lacks.
     * The caller holds the active role and the home's ingester lock; {@code stillHeld} is asked
     * between passes, which also keeps the role's session from looking idle during a long catch-up.
     *
     * @throws DuckDockException when the lake cannot be read or the warehouse written: the node does
     *     not start ingesting
     * @throws IllegalStateException when the node lost the role meanwhile
     */
    void catchUpForWriting(java.util.function.BooleanSupplier stillHeld) {
        catchUp.repairForWriting();
        while (true) {
            // analysts' connections are waited for as an ingest run waits for them
            LakeCatchUp.Pass pass = pass(BATCHES_PER_PASS, config.ingest().lockTimeout());
            if (pass.behind() == 0) {
                LOG.info("replica: caught up with the lake at batch {} before ingesting", pass.replicaBatch());
                return;
            }
            if (!stillHeld.getAsBoolean()) {
                throw new IllegalStateException("this node lost the active role while catching up with the lake");
            }
        }
    }

    private LakeCatchUp.Pass pass(int maxBatches, Duration openWait) {
        try (Connection connection =
                Warehouse.openForWriting(config.layout().database(), config.warehouse(), openWait)) {
            LakeCatchUp.Pass pass = catchUp.run(connection, maxBatches);
            if (pass.applied() > 0 || pass.discarded() > 0) {
                LOG.debug(
                        "replica: applied batches up to {} ({} behind the lake, lag {} ms)",
                        pass.replicaBatch(),
                        pass.behind(),
                        pass.lag().toMillis());
            }
            State previous = state;
            state = new State(pass.replicaBatch(), pass.lakeBatch(), pass.lag(), clock.instant(), null);
            if (previous.problem() != null && !"no pass yet".equals(previous.problem())) {
                LOG.info("replica: passes run again");
            }
            return pass;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot close the warehouse " + config.layout().database() + ": " + e, e);
        }
    }

    private void skip(String problem) {
        State previous = state;
        if (!Objects.equals(previous.problem(), problem)) {
            LOG.warn("replica: pass skipped: {}; the next pass retries", problem);
        }
        state = new State(previous.batch(), previous.lakeBatch(), previous.lag(), previous.checkedAt(), problem);
    }

    /** The state of a node's replica, for status; empty for a node that has none. */
    static Optional<State> of(Replica replica) {
        return replica == null ? Optional.empty() : Optional.of(replica.state());
    }
}
