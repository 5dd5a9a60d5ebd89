package io.duckdock.app.demo;

import io.duckdock.app.output.Ticker;
import io.duckdock.app.output.Units;
import io.duckdock.app.service.Backlog;
import io.duckdock.app.service.ServiceMonitor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One status line for the demo (produced, ingested, backlog, rejected): rewritten in place every
 * second on a terminal, a plain line every few seconds otherwise.
 */
final class DemoProgress implements AutoCloseable {
    private Ticker ticker;
    private final Runnable print;
    private final boolean terminal;
    private final PrintWriter err;
    private volatile String phase = "producing";

    private DemoProgress(PrintWriter err, AtomicLong produced, LongSupplier ingested, ServiceMonitor monitor) {
        this.err = err;
        this.terminal = System.console() != null;
        long start = System.nanoTime();
        this.print = () -> {
            Backlog backlog = monitor.backlog();
            String line = String.format(
                    "demo %s %3.0fs: produced %s, ingested %s events, backlog %s files (%s)," + " rejected %s files",
                    phase,
                    (System.nanoTime() - start) / 1e9,
                    Units.count(produced.get()),
                    Units.count(ingested.getAsLong()),
                    Units.count(backlog.files()),
                    Units.bytes(backlog.bytes()),
                    Units.count(monitor.activity().filesRejected()));
            synchronized (this.err) {
                if (terminal) {
                    err.print("\r" + line + "   ");
                } else {
                    err.println(line);
                }
                err.flush();
            }
        };
    }

    static DemoProgress start(PrintWriter err, AtomicLong produced, LongSupplier ingested, ServiceMonitor monitor) {
        DemoProgress progress = new DemoProgress(err, produced, ingested, monitor);
        Duration every = Duration.ofSeconds(progress.terminal ? 1 : 5);
        progress.ticker = Ticker.start("duckdock-demo-progress", every, every, progress.print);
        return progress;
    }

    void phase(String name) {
        phase = name;
    }

    @Override
    public void close() {
        ticker.close();
        phase = "done";
        print.run();
        if (terminal) {
            err.println();
            err.flush();
        }
    }
}
