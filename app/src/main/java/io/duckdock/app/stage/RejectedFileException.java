package io.duckdock.app.stage;

/** The (rest of an) input file cannot be read; the message says why and from which line. */
final class RejectedFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedFileException(String message) {
        super(message);
    }
}
