package io.duckdock.ingest;

import io.duckdock.ingest.storage.Directory;
import io.duckdock.ingest.storage.Spool;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts a batch's files before anything is loaded: files that cannot be whole Parquet files
 * (rejected, or deferred while they may still be being written), content already ingested
 * (duplicate), files an interrupted run recorded but did not move, and candidates to load.
 *
 * <p>A file whose bytes cannot be read at all (no permission, an I/O error of the disk or the
 * network) is deferred, never rejected and never a failure of the batch: the fault is the machine's,
 * and the oldest files go first, so one such file would otherwise stop every batch. A file gone since
 * it was listed (requeued, swept, moved by another node) is skipped.
 */
final class Triage {
    private static final Logger LOG = LoggerFactory.getLogger(Triage.class);

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

    /** One attempt to read a file. */
    private sealed interface Read permits Probed, Unread {}

    /** A probe and the local file it read or wrote. */
    private record Probed(FileProbe.Result result, Path local) implements Read {}

    /** The file's bytes could not be read. */
    private record Unread(IOException cause) implements Read {}

    private static final int REMOTE_READERS = 8;

    private final Directory staging;
    private final Spool spool;
    private final Optional<FileChecks> checks;
    private final Duration settleTime;

    /** Probes of local files, kept for the files of the next batch only. */
    private final Map<StagedFile, Probed> localProbes = new java.util.concurrent.ConcurrentHashMap<>();

    /** Files found gone since they were listed, in this run. */
    private final Set<String> gone = new HashSet<>();

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
        List<Read> reads = probeAll(readable);
        Set<String> fingerprints = new HashSet<>();
        for (Read read : reads) {
            if (read instanceof Probed probed) {
                fingerprints.add(probed.result().fingerprint());
            }
        }
        Map<String, List<Ledger.Entry>> known = Ledger.byFingerprint(connection, fingerprints);
        List<Candidate> candidates = new ArrayList<>();
        List<PendingMove> pendingMoves = new ArrayList<>();
        List<StagedFile> deferred = new ArrayList<>();
        Set<String> seenInBatch = new HashSet<>();
        for (int i = 0; i < readable.size(); i++) {
            StagedFile file = readable.get(i);
            if (reads.get(i) instanceof Unread unread) {
                if (leftInStaging(file, unread.cause())) {
                    deferred.add(file);
                }
                continue;
            }
            Probed probed = (Probed) reads.get(i);
            FileProbe.Result probe = probed.result();
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
                candidates.add(new Candidate(file, probe, probed.local()));
            }
        }
        return new Result(decided, candidates, pendingMoves, deferred);
    }

    /**
     * Logs why a file could not be read.
     *
     * @return whether it stays in staging for the next run (deferred); false for a file gone since
     *     it was listed, seen for the first time in this run
     */
    private boolean leftInStaging(StagedFile file, IOException cause) {
        if (isGone(file, cause)) {
            if (gone.add(file.path())) {
                LOG.info(
                        "staged file {} is gone since it was listed (requeued, swept or moved by another node): skipped",
                        file.path());
                return false;
            }
            // listed again and gone again: kept out of this run's later batches
            LOG.info("staged file {} is listed but gone again: left for the next run", file.path());
            return true;
        }
        LOG.warn(
                "staged file {} cannot be read ({}): left in staging and retried every run; fix its permissions "
                        + "(the ingester's user must be able to read it) or the disk or file system it is on",
                file.path(),
                FileProbe.describe(cause));
        return true;
    }

    private boolean isGone(StagedFile file, IOException cause) {
        if (!(cause instanceof NoSuchFileException || cause instanceof FileNotFoundException)) {
            return false;
        }
        try {
            // "not found" alone does not say gone: HDFS says so of a directory, java.io of a file it may not read
            return !staging.exists(file.name());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Probes the files in parallel: on the common pool for local files (bound by CPU for hashing),
     * on {@value #REMOTE_READERS} threads for remote ones (bound by network round trips).
     */
    private List<Read> probeAll(List<StagedFile> files) {
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
    private Read probe(StagedFile file) {
        if (staging.localPath().isPresent()) {
            // a local file unchanged since its last probe (same path, size and modification time)
            // is not read again: a batch cut at its row cap leaves files for the next one
            Probed known = localProbes.get(file);
            if (known != null) {
                return known;
            }
            Path local = Path.of(file.path());
            try {
                Probed probed = new Probed(FileProbe.read(local), local);
                localProbes.put(file, probed);
                return probed;
            } catch (IOException e) {
                return new Unread(e);
            }
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
            return new Probed(FileProbe.probeCopy(staging.open(file.name()), copy), copy);
        } catch (IOException e) {
            return new Unread(e);
        }
    }

    private boolean isSettling(StagedFile file, Instant now) {
        return file.modified().isAfter(now.minus(settleTime));
    }
}
