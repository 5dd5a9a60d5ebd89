package io.duckdock.ingest;

/** Base of every failure the ingester reports; the message names the file, key or database involved. */
public class IngestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
