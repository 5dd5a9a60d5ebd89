package io.duckdock.app.produce;

import io.duckdock.app.CommandContext;
import io.duckdock.app.StagingWriters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Runs each producer of a plan on its own thread, each with its own writer and producer id. */
final class ProducerThreads {
    private final CommandContext context;
    private final LoadPlan plan;
    private final long startMicros;
    private final AtomicLong progress;

    ProducerThreads(CommandContext context, LoadPlan plan, long startMicros, AtomicLong progress) {
        this.context = context;
        this.plan = plan;
        this.startMicros = startMicros;
        this.progress = progress;
    }

    ProduceResult run() throws InterruptedException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(
                plan.producers(), task -> new Thread(task, "duckdock-producer-" + threads.getAndIncrement()));
        String prefix = "produce-" + ProcessHandle.current().pid() + "-";
        try {
            List<Future<ProduceResult>> futures = new ArrayList<>();
            for (int i = 0; i < plan.producers(); i++) {
                String producerId = prefix + i;
                futures.add(pool.submit(new ProducerTask(
                        plan, plan.share(i), () -> StagingWriters.open(context, producerId), progress, startMicros)));
            }
            ProduceResult total = ProduceResult.NONE;
            for (Future<ProduceResult> future : futures) {
                total = total.plus(future.get());
            }
            return total;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("A producer thread failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
