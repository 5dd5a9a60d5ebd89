package io.duckdock.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One batch: sort the files, load the candidates, commit everything in one transaction, then move the files. */
final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

    /** Hands out the next batch id (read inside the single writer). */
    @FunctionalInterface
    interface BatchIds {
        long next() throws SQLException;
    }

    record Outcome(Optional<BatchResult> committed, List<StagedFile> deferred, int pendingMovesDone) {
    }

    private final Connection connection;
    private final Triage triage;
    private final FileMover mover;
    private final Clock clock;
    private final Duration dedupWindow;
    private final Path aliasDir;

    BatchRun(Connection connection, Triage triage, FileMover mover, Clock clock, Duration dedupWindow,
             Path aliasDir) {
        this.connection = connection;
        this.triage = triage;
        this.mover = mover;
        this.clock = clock;
        this.dedupWindow = dedupWindow;
        this.aliasDir = aliasDir;
    }

    Outcome process(List<StagedFile> batch, BatchIds ids) {
        Instant started = clock.instant();
        try {
            Triage.Result sorted = triage.sort(connection, batch, started);
            for (Triage.PendingMove pending : sorted.pendingMoves()) {
                LOG.info("{}: recorded as {} by an earlier run; finishing its move out of staging",
                        pending.file().path(), pending.status().sqlName());
                mover.moveOut(pending.file(), pending.status(), pending.reason(), started);
            }
            List<FileOutcome> outcomes = new ArrayList<>(sorted.decided());
            outcomes.addAll(load(sorted.candidates()));
            if (outcomes.isEmpty()) {
                return new Outcome(Optional.empty(), sorted.deferred(), sorted.pendingMoves().size());
            }
            long batchId = ids.next();
            BatchResult result = new BatchCommitter(connection, dedupWindow).commit(batchId, started, outcomes, clock);
            log(result);
            for (FileOutcome outcome : outcomes) {
                mover.moveOut(outcome.file(), outcome.status(), outcome.reason().orElse(""), started);
            }
            return new Outcome(Optional.of(result), sorted.deferred(), sorted.pendingMoves().size());
        } catch (SQLException e) {
            throw new IngestException("Batch of " + batch.size() + " files starting with " + batch.get(0).path()
                    + " failed and was rolled back; its files stay in staging for the next run. DuckDB said: "
                    + BatchLoader.duckDbMessage(e), e);
        } finally {
            dropTemporaryTables();
        }
    }

    private List<FileOutcome> load(List<Triage.Candidate> candidates) throws SQLException {
        if (candidates.isEmpty()) {
            return List.of();
        }
        try (ReadPaths readPaths = new ReadPaths(aliasDir)) {
            List<BatchLoader.Candidate> toLoad = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                StagedFile file = candidates.get(i).file();
                toLoad.add(new BatchLoader.Candidate(i, readPaths.readPathFor(file.path(), i), file.name()));
            }
            BatchLoader.Result loaded = new BatchLoader(connection).load(toLoad);
            List<FileOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                Triage.Candidate candidate = candidates.get(i);
                String problem = loaded.rejected().get(i);
                outcomes.add(problem != null
                        ? FileOutcome.rejected(candidate.file(), candidate.fingerprint(), problem)
                        : FileOutcome.ingested(candidate.file(), candidate.fingerprint(),
                                loaded.rows().getOrDefault(i, 0L)));
            }
            return outcomes;
        }
    }

    private static void log(BatchResult result) {
        for (FileOutcome outcome : result.files()) {
            if (outcome.status() == FileStatus.REJECTED) {
                LOG.warn("batch {}: rejected {}: {}", result.batchId(), outcome.file().path(),
                        outcome.reason().orElse(""));
            }
        }
        LOG.info("batch {}: {} events from {} files in {} ms (offsets {}..{}; {} rejected, {} duplicate files, "
                        + "{} duplicate events dropped)", result.batchId(), result.eventsIngested(),
                result.filesIngested(), result.duration().toMillis(), result.firstOffset(), result.lastOffset(),
                result.filesRejected(), result.filesDuplicate(), result.eventsDeduplicated());
    }

    private void dropTemporaryTables() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS batch_raw");
            statement.execute("DROP TABLE IF EXISTS batch_files");
        } catch (SQLException e) {
            LOG.warn("Dropping the batch's temporary tables failed: {}", e.getMessage());
        }
    }
}
