package io.duckdock.app.stage;

/** The (rest of an) input file cannot be read; the message says why and from which line. */
final class RejectedFileException extends RuntimeException {
  RejectedFileException(String message) {
    super(message);
  }
}
