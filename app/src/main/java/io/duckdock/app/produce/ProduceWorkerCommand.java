package io.duckdock.app.produce;

import io.duckdock.app.CommandContext;
import io.duckdock.app.DurationConverter;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.app.StagingWriters;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One producer process of {@code produce --processes}: writes share {@code --share} of the plan and
 * reports to its parent on stdout with the {@link WorkerProtocol}.
 */
@Command(name = "produce-worker", hidden = true, description = "Internal: one producer process.")
public final class ProduceWorkerCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(names = "--share", required = true)
    private int share;

    @Option(names = "--producer-id", required = true)
    private String producerId;

    @Option(names = "--conversations", required = true)
    private long conversations;

    @Option(names = "--events-per-conversation", required = true)
    private int eventsPerConversation;

    @Option(names = "--producers", required = true)
    private int producers;

    @Option(names = "--experiments", required = true)
    private int experiments;

    @Option(names = "--seed", required = true)
    private long seed;

    @Option(names = "--rate", defaultValue = "0")
    private double rate;

    @Option(names = "--duration", converter = DurationConverter.class)
    private Duration duration;

    @Option(names = "--start-micros", required = true)
    private long startMicros;

    @Override
    public Integer call() throws InterruptedException {
        CommandContext context = CommandContext.load(spec);
        LoadPlan plan =
                new LoadPlan(conversations, eventsPerConversation, producers, experiments, seed, rate, duration);
        PrintWriter out = spec.commandLine().getOut();
        AtomicLong progress = new AtomicLong();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor();
        reporter.scheduleAtFixedRate(
                () -> WorkerProtocol.progress(out, progress.get()),
                WorkerProtocol.PROGRESS_INTERVAL.toMillis(),
                WorkerProtocol.PROGRESS_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        ProduceResult result;
        try {
            result = new ProducerTask(
                            plan,
                            plan.share(share),
                            () -> StagingWriters.open(context, producerId),
                            progress,
                            startMicros)
                    .call();
        } finally {
            reporter.shutdownNow();
            reporter.awaitTermination(1, TimeUnit.SECONDS);
        }
        WorkerProtocol.result(out, result);
        return ExitCodes.OK;
    }
}
