package io.duckdock.ingest;

import io.duckdock.error.ErrorCategory;
import java.nio.file.Path;

/** Another ingester (process or thread) holds the single-writer lock of this home. Not retried. */
public final class IngesterLockedException extends IngestException {
    private static final long serialVersionUID = 1L;

    private final String holder;

    public IngesterLockedException(Path lockFile, String holder) {
        super(
                ErrorCategory.INGESTER_BUSY,
                "Another DuckDock ingester (" + holder + ") holds " + lockFile
                        + "; only one ingester may write to a home. Stop it first, or leave ingestion to it.");
        this.holder = holder;
    }

    /** The lock beside a remote staging directory is held by an ingester, possibly on another machine. */
    public IngesterLockedException(String sharedLock, String holder, String staging) {
        super(
                ErrorCategory.INGESTER_BUSY,
                "Another DuckDock ingester (" + holder + ") holds " + sharedLock
                        + "; only one ingester may load " + staging + ", from any machine. Stop it first, or leave "
                        + "ingestion to it; if it died, its HDFS lease expires and the lock can be taken within "
                        + io.duckdock.ingest.storage.SharedLock.TAKEOVER_AFTER.toSeconds() + " s.");
        this.holder = holder;
    }

    /** What the lock file says about its holder, e.g. {@code PID 1234 on host-a}. */
    public String holder() {
        return holder;
    }
}
