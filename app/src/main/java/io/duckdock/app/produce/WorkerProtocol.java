package io.duckdock.app.produce;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * What a producer process tells its parent, one line at a time on stdout: {@code progress
 * <events>} now and then, and {@code result <events> <files> <bytes> <nanos>} at the end. Other
 * lines are ignored.
 */
final class WorkerProtocol {
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    private static final String PROGRESS = "progress ";
    private static final String RESULT = "result ";

    private WorkerProtocol() {}

    static void progress(PrintWriter out, long events) {
        synchronized (out) {
            out.println(PROGRESS + events);
            out.flush();
        }
    }

    static void result(PrintWriter out, ProduceResult result) {
        synchronized (out) {
            out.println(RESULT + result.events() + " " + result.files() + " " + result.bytes() + " "
                    + result.elapsed().toNanos());
            out.flush();
        }
    }

    /** The event count of a progress line. */
    static Optional<Long> parseProgress(String line) {
        if (!line.startsWith(PROGRESS)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(line.substring(PROGRESS.length()).trim()));
    }

    static Optional<ProduceResult> parseResult(String line) {
        if (!line.startsWith(RESULT)) {
            return Optional.empty();
        }
        String[] fields = line.substring(RESULT.length()).trim().split(" ");
        return Optional.of(new ProduceResult(
                Long.parseLong(fields[0]),
                Long.parseLong(fields[1]),
                Long.parseLong(fields[2]),
                Duration.ofNanos(Long.parseLong(fields[3]))));
    }
}
