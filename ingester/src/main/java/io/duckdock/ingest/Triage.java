package io.duckdock.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sorts a batch's files before anything is loaded: files that cannot be whole Parquet files
 * (rejected, or deferred while they may still be being written), content already ingested
 * (duplicate), files an interrupted run recorded but did not move, and candidates to load.
 */
final class Triage {
    /** A file recorded in the ledger whose move out of staging was not done. */
    record PendingMove(StagedFile file, FileStatus status, String reason) {
    }

    /** A file to load, with its content fingerprint. */
    record Candidate(StagedFile file, String fingerprint) {
    }

    record Result(List<FileOutcome> decided, List<Candidate> candidates, List<PendingMove> pendingMoves,
                  List<StagedFile> deferred) {
    }

    private final FileChecks checks;
    private final Duration settleTime;

    Triage(Path stagingDir, Duration settleTime) {
        this.checks = new FileChecks(stagingDir);
        this.settleTime = settleTime;
    }

    Result sort(Connection connection, List<StagedFile> batch, Instant now) throws SQLException {
        List<FileOutcome> decided = new ArrayList<>();
        List<StagedFile> deferred = new ArrayList<>();
        List<StagedFile> readable = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (StagedFile file : batch) {
            Optional<String> problem = checks.problem(file);
            if (problem.isPresent() && file.symlink()) {
                decided.add(FileOutcome.rejected(file, Fingerprints.UNREAD, problem.get()));
            } else if (problem.isPresent() && isSettling(file, now)) {
                deferred.add(file);
            } else {
                readable.add(file);
                problems.add(problem.orElse(null));
            }
        }
        List<String> fingerprints = Fingerprints.of(readable.stream().map(StagedFile::path).toList());
        Map<String, List<Ledger.Entry>> known = Ledger.byFingerprint(connection, new HashSet<>(fingerprints));
        List<Candidate> candidates = new ArrayList<>();
        List<PendingMove> pendingMoves = new ArrayList<>();
        Set<String> seenInBatch = new HashSet<>();
        for (int i = 0; i < readable.size(); i++) {
            StagedFile file = readable.get(i);
            String fingerprint = fingerprints.get(i);
            List<Ledger.Entry> entries = known.getOrDefault(fingerprint, List.of());
            Optional<Ledger.Entry> recorded = entries.stream().filter(e -> e.describes(file)).findFirst();
            if (recorded.isPresent()) {
                pendingMoves.add(new PendingMove(file, recorded.get().status(), recorded.get().reason()));
            } else if (problems.get(i) != null) {
                decided.add(FileOutcome.rejected(file, fingerprint, problems.get(i)));
            } else if (!seenInBatch.add(fingerprint)
                    || entries.stream().anyMatch(e -> e.status() == FileStatus.INGESTED)) {
                decided.add(FileOutcome.duplicate(file, fingerprint));
            } else {
                candidates.add(new Candidate(file, fingerprint));
            }
        }
        return new Result(decided, candidates, pendingMoves, deferred);
    }

    private boolean isSettling(StagedFile file, Instant now) {
        return file.modified().isAfter(now.minus(settleTime));
    }
}
