package io.duckdock.staging;

/**
 * Writing, publishing or cleaning up a staged file failed. The message names the file or
 * directory. Events buffered in a file that failed to publish are lost; the caller decides
 * whether to resend them.
 */
public final class StagingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StagingException(String message) {
        super(message);
    }

    public StagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
