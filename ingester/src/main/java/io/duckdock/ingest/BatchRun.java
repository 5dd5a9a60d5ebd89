package io.duckdock.ingest;

import io.duckdock.ingest.sql.SqlText;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn of the ingester over a selection of staged files: triage them, open a {@link Batch} for
 * the candidates, commit it in one transaction (reading rows to reject the culprits only when the
 * load reports a broken event contract), then move every file out of staging.
 */
final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

    /** Hands out the next batch id (read inside the single writer). */
    @FunctionalInterface
    interface BatchIds {
        long next() throws SQLException;
    }

    /** Runs after a batch commits and before its files leave staging: the lake publication. */
    @FunctionalInterface
    interface AfterCommit {
        void committed(BatchResult result);
    }

    record Outcome(Optional<BatchResult> committed, List<StagedFile> deferred, int pendingMovesDone) {}

    private final Connection connection;
    private final Triage triage;
    private final FileMover mover;
    private final Clock clock;
    private final Duration dedupWindow;
    private final Path aliasDir;
    private final long maxRows;
    private final WriteFence fence;

    BatchRun(
            Connection connection,
            Triage triage,
            FileMover mover,
            Clock clock,
            Duration dedupWindow,
            Path aliasDir,
            long maxRows,
            WriteFence fence) {
        this.connection = connection;
        this.triage = triage;
        this.mover = mover;
        this.clock = clock;
        this.dedupWindow = dedupWindow;
        this.aliasDir = aliasDir;
        this.maxRows = maxRows;
        this.fence = fence;
    }

    Outcome process(List<StagedFile> files, BatchIds ids) {
        return process(files, ids, result -> {});
    }

    Outcome process(List<StagedFile> files, BatchIds ids, AfterCommit afterCommit) {
        Instant started = clock.instant();
        try {
            long t0 = System.nanoTime();
            Triage.Result sorted = withinRowCap(triage.sort(connection, files, started));
            long t1 = System.nanoTime();
            for (Triage.PendingMove pending : sorted.pendingMoves()) {
                LOG.info(
                        "{}: recorded as {} by an earlier run; finishing its move out of staging",
                        pending.file().path(),
                        pending.status().sqlName());
                mover.moveOut(pending.file(), pending.status(), pending.reason(), started);
            }
            if (sorted.decided().isEmpty() && sorted.candidates().isEmpty()) {
                return new Outcome(
                        Optional.empty(),
                        sorted.deferred(),
                        sorted.pendingMoves().size());
            }
            long batchId = ids.next();
            BatchResult result;
            List<FileOutcome> outcomes;
            long t2;
            long t3;
            String steps;
            try (Batch batch = Batch.plan(connection, inputs(sorted.candidates()), aliasDir)) {
                t2 = System.nanoTime();
                outcomes = outcomes(sorted, batch);
                BatchCommitter committer = new BatchCommitter(connection, dedupWindow, fence);
                try {
                    result = committer.commit(batch, batchId, started, outcomes, clock);
                } catch (SQLException e) {
                    if (batch.rowsChecked() || !DuckDbErrors.isBadInput(e)) {
                        throw e;
                    }
                    LOG.info(
                            "batch {}: {}; reading the rows to reject the files responsible",
                            batchId,
                            SqlText.duckDbMessage(e));
                    batch.checkRows();
                    outcomes = outcomes(sorted, batch);
                    result = committer.commit(batch, batchId, started, outcomes, clock);
                }
                t3 = System.nanoTime();
                steps = committer.steps();
            }
            afterCommit.committed(result);
            for (FileOutcome outcome : outcomes) {
                mover.moveOut(outcome.file(), outcome.status(), outcome.reason().orElse(""), started);
            }
            long t4 = System.nanoTime();
            log(
                    result,
                    String.format(
                            "triage %d ms, plan %d ms, commit %d ms (%s), move %d ms",
                            (t1 - t0) / 1_000_000,
                            (t2 - t1) / 1_000_000,
                            (t3 - t2) / 1_000_000,
                            steps,
                            (t4 - t3) / 1_000_000));
            return new Outcome(
                    Optional.of(result),
                    sorted.deferred(),
                    sorted.pendingMoves().size());
        } catch (SQLException e) {
            throw new IngestException(
                    "Batch of " + files.size() + " files starting with "
                            + files.get(0).path()
                            + " failed and was rolled back; its files stay in staging for the next run. DuckDB said: "
                            + SqlText.duckDbMessage(e),
                    e);
        }
    }

    /**
     * Leaves the candidates past ingest.max-rows-per-batch (by their footers) in staging for the next
     * batch; the first candidate always stays, however many rows it has.
     */
    private Triage.Result withinRowCap(Triage.Result sorted) {
        long rows = 0;
        int keep = 0;
        for (Triage.Candidate candidate : sorted.candidates()) {
            if (keep > 0 && rows + candidate.probe().rows() > maxRows) {
                break;
            }
            rows += candidate.probe().rows();
            keep++;
        }
        if (keep == sorted.candidates().size()) {
            return sorted;
        }
        LOG.debug(
                "{} files wait for the next batch (ingest.max-rows-per-batch = {})",
                sorted.candidates().size() - keep,
                maxRows);
        return new Triage.Result(
                sorted.decided(), sorted.candidates().subList(0, keep), sorted.pendingMoves(), sorted.deferred());
    }

    private static List<Batch.Input> inputs(List<Triage.Candidate> candidates) {
        return candidates.stream()
                .map(c -> new Batch.Input(
                        c.local(),
                        c.file().name(),
                        c.probe().schema(),
                        c.probe().rows(),
                        c.probe().layout()))
                .toList();
    }

    /** A verdict per file: those decided before loading, then each candidate as the batch judged it. */
    private static List<FileOutcome> outcomes(Triage.Result sorted, Batch batch) {
        List<FileOutcome> outcomes = new ArrayList<>(sorted.decided());
        for (int i = 0; i < sorted.candidates().size(); i++) {
            Triage.Candidate candidate = sorted.candidates().get(i);
            Optional<String> problem = batch.rejection(i);
            outcomes.add(
                    problem.isPresent()
                            ? FileOutcome.rejected(candidate.file(), candidate.fingerprint(), problem.get())
                            : FileOutcome.ingested(candidate.file(), candidate.fingerprint(), batch.rows(i)));
        }
        return outcomes;
    }

    private static void log(BatchResult result, String phases) {
        for (FileOutcome outcome : result.files()) {
            if (outcome.status() == FileStatus.REJECTED) {
                LOG.warn(
                        "batch {}: rejected {}: {}",
                        result.batchId(),
                        outcome.file().path(),
                        outcome.reason().orElse(""));
            }
        }
        String offsets = result.firstOffset() == null
                ? "no offsets"
                : "offsets " + result.firstOffset() + ".." + result.lastOffset();
        LOG.info(
                "batch {}: {} events from {} files in {} ms ({}; {} rejected, {} duplicate files, "
                        + "{} duplicate events dropped; numbered by {}; {})",
                result.batchId(),
                result.eventsIngested(),
                result.filesIngested(),
                result.duration().toMillis(),
                offsets,
                result.filesRejected(),
                result.filesDuplicate(),
                result.eventsDeduplicated(),
                result.numbering(),
                phases);
    }
}
