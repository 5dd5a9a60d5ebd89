package io.duckdock.ingest;

import io.duckdock.ingest.storage.Directory;
import io.duckdock.ingest.storage.Spool;
import java.io.IOException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Sorts a batch's files before anything is loaded: files that cannot be whole Parquet files
 * (rejected, or deferred while they may still be being written), content already ingested
 * (duplicate), files an interrupted run recorded but did not move, and candidates to load.
 */
final class Triage {
    /** A file recorded in the ledger whose move out of staging was not done. */
    record PendingMove(StagedFile file, FileStatus status, String reason) {}

    /**
     * A file to load, with what its one read found (fingerprint, schema and row count) and the local
     * file DuckDB reads: the staged file itself, or its copy in the spool when staging is remote.
     */
    record Candidate(StagedFile file, FileProbe.Result probe, Path local) {
        String fingerprint() {
            return probe.fingerprint();
        }
    }

    record Result(
            List<FileOutcome> decided,
            List<Candidate> candidates,
            List<PendingMove> pendingMoves,
            List<StagedFile> deferred) {}

    /** A probe and the local file it read or wrote. */
    private record Probed(FileProbe.Result result, Path local) {}

    private static final int REMOTE_READERS = 8;

    private final Directory staging;
    private final Spool spool;
    private final Optional<FileChecks> checks;
    private final Duration settleTime;

    /** Probes of local files, kept for the files of the next batch only. */
    private final Map<StagedFile, Probed> localProbes = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param spool where remote files are copied; unused for local staging */
    Triage(Directory staging, Spool spool, Duration settleTime) {
        this.staging = staging;
        this.spool = spool;
        this.checks = staging.localPath().map(FileChecks::new);
        this.settleTime = settleTime;
    }

    Result sort(Connection connection, List<StagedFile> batch, Instant now) throws SQLException {
        // probes of local files the previous batch left for this one (ingest.max-rows-per-batch)
        localProbes.keySet().retainAll(new HashSet<>(batch));
        List<FileOutcome> decided = new ArrayList<>();
        List<StagedFile> readable = new ArrayList<>();
        for (StagedFile file : batch) {
            Optional<String> linkProblem = checks.flatMap(c -> c.linkProblem(file));
            if (linkProblem.isPresent()) {
                decided.add(FileOutcome.rejected(file, FileProbe.UNREAD, linkProblem.get()));
            } else {
                readable.add(file);
            }
        }
        List<Probed> probed = probeAll(readable);
        Set<String> fingerprints = new HashSet<>();
        probed.forEach(p -> fingerprints.add(p.result().fingerprint()));
        Map<String, List<Ledger.Entry>> known = Ledger.byFingerprint(connection, fingerprints);
        List<Candidate> candidates = new ArrayList<>();
        List<PendingMove> pendingMoves = new ArrayList<>();
        List<StagedFile> deferred = new ArrayList<>();
        Set<String> seenInBatch = new HashSet<>();
        for (int i = 0; i < readable.size(); i++) {
            StagedFile file = readable.get(i);
            FileProbe.Result probe = probed.get(i).result();
            List<Ledger.Entry> entries = known.getOrDefault(probe.fingerprint(), List.of());
            Optional<Ledger.Entry> recorded =
                    entries.stream().filter(e -> e.describes(file)).findFirst();
            if (recorded.isPresent()) {
                pendingMoves.add(new PendingMove(
                        file, recorded.get().status(), recorded.get().reason()));
            } else if (probe.problem().isPresent() && isSettling(file, now)) {
                deferred.add(file);
            } else if (probe.problem().isPresent()) {
                decided.add(FileOutcome.rejected(
                        file, probe.fingerprint(), probe.problem().get()));
            } else if (!seenInBatch.add(probe.fingerprint())
                    || entries.stream().anyMatch(e -> e.status() == FileStatus.INGESTED)) {
                decided.add(FileOutcome.duplicate(file, probe.fingerprint()));
            } else {
                candidates.add(new Candidate(file, probe, probed.get(i).local()));
            }
        }
        return new Result(decided, candidates, pendingMoves, deferred);
    }

    /**
     * Probes the files in parallel: on the common pool for local files (bound by CPU for hashing),
     * on {@value #REMOTE_READERS} threads for remote ones (bound by network round trips).
     */
    private List<Probed> probeAll(List<StagedFile> files) {
        if (staging.localPath().isPresent() || files.size() < 2) {
            return files.parallelStream().map(this::probe).toList();
        }
        ForkJoinPool readers = new ForkJoinPool(REMOTE_READERS);
        try {
            return readers.submit(() -> files.parallelStream().map(this::probe).toList())
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestException("Interrupted while reading staged files from " + staging.location(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IngestException spool) {
                throw spool;
            }
            throw new IngestException(
                    "Reading staged files from " + staging.location() + " failed: " + e.getCause(), e.getCause());
        } finally {
            readers.shutdown();
        }
    }

    /** One read of the file: in place when staging is local, else while copying it to the spool. */
    private Probed probe(StagedFile file) {
        if (staging.localPath().isPresent()) {
            // a local file unchanged since its last probe (same path, size and modification time)
            // is not read again: a batch cut at its row cap leaves files for the next one
            return localProbes.computeIfAbsent(file, f -> {
                Path local = Path.of(f.path());
                return new Probed(FileProbe.probe(local), local);
            });
        }
        Path copy;
        try {
            copy = spool.newFile();
        } catch (IOException e) {
            throw new IngestException(
                    io.duckdock.error.ErrorCategory.CONFIGURATION,
                    "Cannot use the spool " + spool.dir() + " (ingest.spool-dir): " + e.getMessage(),
                    e);
        }
        try {
            return new Probed(FileProbe.probeCopy(file.path(), staging.open(file.name()), copy), copy);
        } catch (IOException e) {
            throw FileProbe.readFailure(file.path(), e);
        }
    }

    private boolean isSettling(StagedFile file, Instant now) {
        return file.modified().isAfter(now.minus(settleTime));
    }
}
