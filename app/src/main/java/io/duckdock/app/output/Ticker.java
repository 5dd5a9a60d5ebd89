package io.duckdock.app.output;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a progress update on a daemon thread at a fixed rate until closed; closing waits for a run in flight. */
public final class Ticker implements AutoCloseable {
    private final ScheduledExecutorService poller;

    private Ticker(ScheduledExecutorService poller) {
        this.poller = poller;
    }

    /** Starts running {@code update} every {@code every}, the first time after {@code firstAfter}. */
    public static Ticker start(String threadName, Duration firstAfter, Duration every, Runnable update) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleAtFixedRate(update, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new Ticker(poller);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
