package io.duckdock.app.produce;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.DurationConverter;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.app.output.Progress;
import io.duckdock.app.output.Units;
import io.duckdock.config.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Load generator: writes synthetic conversations through concurrent producers. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Generate CONVERSATIONS x EVENTS-PER-CONVERSATION synthetic events and stage them through"
                    + " PRODUCERS concurrent writers (threads, or JVMs with --processes).",
            "With --duration and --rate but no --conversations, generates RATE x DURATION events."
        })
public final class ProduceCommand implements Callable<Integer> {
    private static final long DEFAULT_CONVERSATIONS = 1000;

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(names = "--conversations", paramLabel = "N", description = "Conversations (default 1000).")
    private Long conversations;

    @Option(
            names = "--events-per-conversation",
            paramLabel = "M",
            defaultValue = "20",
            description = "Events per conversation (default ${DEFAULT-VALUE}).")
    private int eventsPerConversation;

    @Option(
            names = "--producers",
            paramLabel = "P",
            defaultValue = "4",
            description = "Concurrent producers, each with its own writer (default ${DEFAULT-VALUE}).")
    private int producers;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "Total events per second over all producers; 0 = as fast as possible.")
    private double rate;

    @Option(
            names = "--duration",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Stop after this long (e.g. 30s, 5m), even if not every event was written.")
    private Duration duration;

    @Option(names = "--processes", description = "Run each producer in its own JVM.")
    private boolean processes;

    @Option(
            names = "--experiments",
            paramLabel = "K",
            defaultValue = "3",
            description = "Experiment ids exp-0 .. exp-(K-1) (default ${DEFAULT-VALUE}).")
    private int experiments;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Random seed; the same seed generates the same events (default: random).")
    private Long seed;

    private ProduceResult result = ProduceResult.NONE;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LoadPlan plan = plan();
        CommandContext context = CommandContext.load(spec);
        context.stagingDirectory();
        PrintWriter err = spec.commandLine().getErr();
        long startMicros = nowMicros();
        AtomicLong progress = new AtomicLong();
        long startNanos = System.nanoTime();
        Progress bar = Progress.start("produce", plan.totalEvents(), Progress.Unit.EVENTS, progress::get, err);
        try {
            result = processes
                    ? new WorkerProcesses(context, plan, startMicros, progress).run()
                    : new ProducerThreads(context, plan, startMicros, progress).run();
        } finally {
            bar.close();
        }
        result = result.withElapsed(Duration.ofNanos(System.nanoTime() - startNanos));
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.summary());
        out.printf(
                "%d producers (%s), seed %d, staged in %s%n",
                plan.producers(),
                processes ? "processes" : "threads",
                plan.seed(),
                context.config().layout().stagingDir());
        if (duration != null && result.events() < plan.totalEvents()) {
            out.printf(
                    "stopped by --duration %s before all %s planned events%n",
                    Durations.format(duration), Units.count(plan.totalEvents()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** What the last run wrote; {@code events == 0} before it ran. */
    public ProduceResult result() {
        return result;
    }

    private LoadPlan plan() {
        long n = conversations != null ? conversations : DEFAULT_CONVERSATIONS;
        if (conversations == null && duration != null && rate > 0) {
            double events = rate * duration.toNanos() / 1e9;
            n = (long) Math.ceil(events / eventsPerConversation);
        }
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        try {
            return new LoadPlan(n, eventsPerConversation, producers, experiments, s, rate, duration);
        } catch (IllegalArgumentException e) {
            throw CommandFailedException.usage(e.getMessage());
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
