package io.duckdock.ingest;

/** Milliseconds of the named steps of one batch's commit, in order, for its log line. Not thread-safe. */
final class StepTimes {
    private final StringBuilder text = new StringBuilder();
    private long last = System.nanoTime();

    /** Ends the step that began at the previous call (or at construction) and names it. */
    void done(String step) {
        long now = System.nanoTime();
        if (text.length() > 0) {
            text.append(", ");
        }
        text.append(step).append(' ').append((now - last) / 1_000_000);
        last = now;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
