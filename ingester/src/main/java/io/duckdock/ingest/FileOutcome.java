package io.duckdock.ingest;

import java.util.Optional;

/**
 * The verdict on one staged file of a batch.
 *
 * @param file        the staged file
 * @param fingerprint SHA-256 of its content ({@link FileProbe#UNREAD} when it was not read)
 * @param status      what the ledger records
 * @param reason      for a rejected file: one line naming the file and the problem
 * @param rows        rows read from the file (before event-level deduplication)
 */
public record FileOutcome(StagedFile file, String fingerprint, FileStatus status, Optional<String> reason, long rows) {
    static FileOutcome rejected(StagedFile file, String fingerprint, String problem) {
        return new FileOutcome(file, fingerprint, FileStatus.REJECTED, Optional.of(file.name() + " " + problem), 0);
    }

    static FileOutcome duplicate(StagedFile file, String fingerprint) {
        return new FileOutcome(file, fingerprint, FileStatus.DUPLICATE, Optional.empty(), 0);
    }

    static FileOutcome ingested(StagedFile file, String fingerprint, long rows) {
        return new FileOutcome(file, fingerprint, FileStatus.INGESTED, Optional.empty(), rows);
    }
}
