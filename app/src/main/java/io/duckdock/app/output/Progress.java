package io.duckdock.app.output;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Reports the progress of a long task by polling a counter: a progress bar on a terminal, a plain
 * line every few seconds otherwise (logs, CI, pipes). Closing it prints the final state.
 */
public final class Progress implements AutoCloseable {
    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);
    private static final Duration BAR_INTERVAL = Duration.ofMillis(200);

    private final Ticker ticker;
    private final Runnable update;
    private final ProgressBar bar;

    private Progress(Ticker ticker, Runnable update, ProgressBar bar) {
        this.ticker = ticker;
        this.update = update;
        this.bar = bar;
    }

    /**
     * Starts reporting {@code current} against {@code total}.
     *
     * @param task what is being done, e.g. "produce"
     * @param unit what is counted, e.g. {@link Unit#EVENTS}
     * @param err where plain progress lines go when there is no terminal
     */
    public static Progress start(String task, long total, Unit unit, LongSupplier current, PrintWriter err) {
        if (System.console() != null) {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(unit.barLabel, unit.barScale)
                    .setStyle(ProgressBarStyle.ASCII)
                    .showSpeed()
                    .build();
            Runnable update = () -> bar.stepTo(current.getAsLong());
            return new Progress(Ticker.start("duckdock-progress", Duration.ZERO, BAR_INTERVAL, update), update, bar);
        }
        long startNanos = System.nanoTime();
        Runnable update = () -> {
            long done = current.getAsLong();
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            err.printf(
                    "%s: %s of %s %s (%d%%), %.0fs elapsed%n",
                    task,
                    unit.format(done),
                    unit.format(total),
                    unit.name,
                    total == 0 ? 100 : done * 100 / total,
                    seconds);
            err.flush();
        };
        return new Progress(Ticker.start("duckdock-progress", PLAIN_INTERVAL, PLAIN_INTERVAL, update), () -> {}, null);
    }

    @Override
    public void close() {
        ticker.close();
        update.run();
        if (bar != null) {
            bar.close();
        }
    }

    /** What a progress counter counts. */
    public enum Unit {
        EVENTS("events", " events", 1),
        BYTES("bytes", " MB", 1_000_000);

        private final String name;
        private final String barLabel;
        private final long barScale;

        Unit(String name, String barLabel, long barScale) {
            this.name = name;
            this.barLabel = barLabel;
            this.barScale = barScale;
        }

        String format(long amount) {
            return this == BYTES ? Units.bytes(amount) : Units.count(amount);
        }
    }
}
