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

    /** A file to load, with what its one read found: fingerprint, schema and row count. */
    record Candidate(StagedFile file, FileProbe.Result probe) {
        String fingerprint() {
            return probe.fingerprint();
        }
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
        List<StagedFile> readable = new ArrayList<>();
        for (StagedFile file : batch) {
            Optional<String> linkProblem = checks.linkProblem(file);
            if (linkProblem.isPresent()) {
                decided.add(FileOutcome.rejected(file, FileProbe.UNREAD, linkProblem.get()));
            } else {
                readable.add(file);
            }
        }
        List<FileProbe.Result> probes = FileProbe.probeAll(readable.stream().map(StagedFile::path).toList());
        Set<String> fingerprints = new HashSet<>();
        probes.forEach(p -> fingerprints.add(p.fingerprint()));
        Map<String, List<Ledger.Entry>> known = Ledger.byFingerprint(connection, fingerprints);
        List<Candidate> candidates = new ArrayList<>();
        List<PendingMove> pendingMoves = new ArrayList<>();
        List<StagedFile> deferred = new ArrayList<>();
        Set<String> seenInBatch = new HashSet<>();
        for (int i = 0; i < readable.size(); i++) {
            StagedFile file = readable.get(i);
            FileProbe.Result probe = probes.get(i);
            List<Ledger.Entry> entries = known.getOrDefault(probe.fingerprint(), List.of());
            Optional<Ledger.Entry> recorded = entries.stream().filter(e -> e.describes(file)).findFirst();
            if (recorded.isPresent()) {
                pendingMoves.add(new PendingMove(file, recorded.get().status(), recorded.get().reason()));
            } else if (probe.problem().isPresent() && isSettling(file, now)) {
                deferred.add(file);
            } else if (probe.problem().isPresent()) {
                decided.add(FileOutcome.rejected(file, probe.fingerprint(), probe.problem().get()));
            } else if (!seenInBatch.add(probe.fingerprint())
                    || entries.stream().anyMatch(e -> e.status() == FileStatus.INGESTED)) {
                decided.add(FileOutcome.duplicate(file, probe.fingerprint()));
            } else {
                candidates.add(new Candidate(file, probe));
            }
        }
        return new Result(decided, candidates, pendingMoves, deferred);
    }

    private boolean isSettling(StagedFile file, Instant now) {
        return file.modified().isAfter(now.minus(settleTime));
    }
}
