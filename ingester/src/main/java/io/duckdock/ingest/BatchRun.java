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
import java.util.Map;
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
    private ReadPaths readPaths;

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
        readPaths = new ReadPaths(aliasDir);
        try {
            long t0 = System.nanoTime();
            Triage.Result sorted = triage.sort(connection, batch, started);
            long t1 = System.nanoTime();
            for (Triage.PendingMove pending : sorted.pendingMoves()) {
                LOG.info("{}: recorded as {} by an earlier run; finishing its move out of staging",
                        pending.file().path(), pending.status().sqlName());
                mover.moveOut(pending.file(), pending.status(), pending.reason(), started);
            }
            BatchLoader loader = new BatchLoader(connection);
            BatchLoader.Result loaded = load(loader, sorted.candidates());
            List<FileOutcome> outcomes = outcomes(sorted, loaded);
            long t2 = System.nanoTime();
            if (outcomes.isEmpty()) {
                return new Outcome(Optional.empty(), sorted.deferred(), sorted.pendingMoves().size());
            }
            long batchId = ids.next();
            BatchCommitter committer = new BatchCommitter(connection, dedupWindow);
            BatchResult result;
            try {
                result = committer.commit(batchId, started, outcomes, loaded, clock);
            } catch (SQLException contractBroken) {
                if (loaded.rowsChecked()) {
                    throw contractBroken;
                }
                // some row broke the event contract: read the rows to find and reject its files
                loaded = loader.checkRows(loaded);
                outcomes = outcomes(sorted, loaded);
                result = committer.commit(batchId, started, outcomes, loaded, clock);
            }
            long t3 = System.nanoTime();
            for (FileOutcome outcome : outcomes) {
                mover.moveOut(outcome.file(), outcome.status(), outcome.reason().orElse(""), started);
            }
            long t4 = System.nanoTime();
            log(result, String.format("triage %d ms, load %d ms, commit %d ms, move %d ms", (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000));
            return new Outcome(Optional.of(result), sorted.deferred(), sorted.pendingMoves().size());
        } catch (SQLException e) {
            throw new IngestException("Batch of " + batch.size() + " files starting with " + batch.get(0).path()
                    + " failed and was rolled back; its files stay in staging for the next run. DuckDB said: "
                    + BatchLoader.duckDbMessage(e), e);
        } finally {
            dropTemporaryTables();
            readPaths.close();
        }
    }

    private BatchLoader.Result load(BatchLoader loader, List<Triage.Candidate> candidates) throws SQLException {
        if (candidates.isEmpty()) {
            return BatchLoader.Result.EMPTY;
        }
        List<BatchLoader.Candidate> toLoad = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            StagedFile file = candidates.get(i).file();
            FileProbe.Result probe = candidates.get(i).probe();
            toLoad.add(new BatchLoader.Candidate(i, readPaths.readPathFor(candidates.get(i).local(), i), file.name(), probe.schema(),
                    probe.rows()));
        }
        return loader.load(toLoad);
    }

    /** A verdict per file: those decided before loading, then each candidate as the loader judged it. */
    private static List<FileOutcome> outcomes(Triage.Result sorted, BatchLoader.Result loaded) {
        List<FileOutcome> outcomes = new ArrayList<>(sorted.decided());
        for (int i = 0; i < sorted.candidates().size(); i++) {
            Triage.Candidate candidate = sorted.candidates().get(i);
            String problem = loaded.rejected().get(i);
            outcomes.add(problem != null
                    ? FileOutcome.rejected(candidate.file(), candidate.fingerprint(), problem)
                    : FileOutcome.ingested(candidate.file(), candidate.fingerprint(), loaded.rows().getOrDefault(i, 0L)));
        }
        return outcomes;
    }

    private static void log(BatchResult result, String phases) {
        for (FileOutcome outcome : result.files()) {
            if (outcome.status() == FileStatus.REJECTED) {
                LOG.warn("batch {}: rejected {}: {}", result.batchId(), outcome.file().path(),
                        outcome.reason().orElse(""));
            }
        }
        String offsets = result.firstOffset() == null ? "no offsets"
                : "offsets " + result.firstOffset() + ".." + result.lastOffset();
        LOG.info("batch {}: {} events from {} files in {} ms ({}; {} rejected, {} duplicate files, "
                        + "{} duplicate events dropped; {})", result.batchId(), result.eventsIngested(),
                result.filesIngested(), result.duration().toMillis(), offsets, result.filesRejected(),
                result.filesDuplicate(), result.eventsDeduplicated(), phases);
    }

    private void dropTemporaryTables() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS batch_files");
        } catch (SQLException e) {
            LOG.warn("Dropping the batch's temporary tables failed: {}", e.getMessage());
        }
    }
}
