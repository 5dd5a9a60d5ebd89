package io.duckdock.app.service;

import io.duckdock.ingest.history.IngestHistory;
import io.duckdock.ingest.storage.Directory;
import java.nio.file.Path;
import java.util.List;

/**
 * The files the ingester moved to {@code rejected/}, as {@link IngestHistory#rejectedFiles} reads
 * them; a file requeued by {@code duckdock requeue} is no longer listed.
 */
public final class RejectedFiles {
    private RejectedFiles() {}

    /** A rejected file and the first line of its reason. */
    public record Rejected(String file, String rejectedAt, String reason) {}

    /** Every rejected file still in {@code rejectedDir}, newest first. */
    public static List<Rejected> list(Path rejectedDir) {
        return list(Directory.local(rejectedDir));
    }

    /** Every rejected file still in a local or remote {@code rejectedDir}, newest first. */
    public static List<Rejected> list(Directory rejectedDir) {
        return IngestHistory.rejectedFiles(rejectedDir).stream()
                .map(r -> new Rejected(r.file(), r.rejectedAt().toString(), r.reason()))
                .toList();
    }
}
