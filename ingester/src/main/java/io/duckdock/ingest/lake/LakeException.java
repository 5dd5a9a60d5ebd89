package io.duckdock.ingest.lake;

/** The lake could not be written; the database is untouched and the next run retries. */
public final class LakeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
