package io.duckdock.app.demo;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.DurationConverter;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.app.output.Units;
import io.duckdock.app.produce.DemoLoad;
import io.duckdock.app.produce.ProduceResult;
import io.duckdock.app.service.Backlog;
import io.duckdock.app.service.RunningService;
import io.duckdock.app.service.ServiceMonitor;
import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The whole pipeline in one command: producers, the service, analyst queries and a verdict. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline on the home: start the service (ingesting every second), let"
                    + " PRODUCERS producer processes write conversations into staging for D, show progress,"
                    + " drain the backlog, stop the service, query the warehouse and check that every"
                    + " produced event was ingested exactly once with gap-free sequences.",
            "Exit code 0 when the check passes, 1 when it fails."
        })
public final class DemoCommand implements Callable<Integer> {
    private static final int EVENTS_PER_CONVERSATION = 20;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "D",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "How long the producers write (default ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(
            names = "--producers",
            paramLabel = "P",
            defaultValue = "3",
            description = "Producer processes (default ${DEFAULT-VALUE}).")
    private int producers;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "500",
            description = "Events per second over all producers (default ${DEFAULT-VALUE}).")
    private double rate;

    private Verdict verdict;

    @Override
    public Integer call() throws Exception {
        if (producers < 1 || rate <= 0 || duration.isZero() || duration.isNegative()) {
            throw CommandFailedException.usage("--producers, --rate and --duration must be positive.");
        }
        CommandContext loaded = CommandContext.load(spec);
        CommandContext context = withDemoSettings(loaded);
        DuckDockConfig config = context.config();
        context.stagingDirectory();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        long conversations = (long) Math.ceil(rate * duration.toMillis() / 1000.0 / EVENTS_PER_CONVERSATION);
        DemoLoad load = new DemoLoad(
                conversations,
                EVENTS_PER_CONVERSATION,
                producers,
                ThreadLocalRandom.current().nextLong(),
                rate,
                producerCutoff(duration));
        ProduceResult produced;
        try (RunningService service = RunningService.start(config, Clock.systemUTC())) {
            out.printf(
                    "DuckDock demo in %s: %d producer processes write %s events (%s conversations) over %s"
                            + " while the service ingests every second%s.%n",
                    config.layout().home(),
                    producers,
                    Units.count(load.plannedEvents()),
                    Units.count(conversations),
                    Units.seconds(duration),
                    service.address().map(a -> "; status on " + a + "/status").orElse(""));
            out.flush();
            AtomicLong progress = new AtomicLong();
            ServiceMonitor monitor = service.monitor();
            long ingestedBefore = monitor.activity().eventsIngested();
            try (DemoProgress shown = DemoProgress.start(
                    err, progress, () -> monitor.activity().eventsIngested() - ingestedBefore, monitor)) {
                produced = load.run(context, progress);
                shown.phase("draining");
                drain(monitor, ingestedBefore, produced.events());
            }
        }
        verdict = Verdict.check(config.layout().database(), load.conversationIds(), produced, out);
        out.println(verdict.line());
        out.flush();
        return verdict.ok() ? ExitCodes.OK : ExitCodes.INTERNAL_ERROR;
    }

    /**
     * The events to write are rate x duration; the producers' own cut-off only bounds a slow machine,
     * since their clock starts before their JVMs do.
     */
    private static Duration producerCutoff(Duration duration) {
        return duration.multipliedBy(2).plusSeconds(10);
    }

    /** The verdict of the last run; null before it ran. */
    public Verdict verdict() {
        return verdict;
    }

    /** Waits until staging is empty and the service ingested what was produced (or gives up). */
    private static void drain(ServiceMonitor monitor, long before, long produced) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Backlog backlog = monitor.backlog();
            if (backlog.files() == 0 && monitor.activity().eventsIngested() - before >= produced) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /** The user's settings plus a fast schedule: ingest every second, files published within 2 s. */
    private static CommandContext withDemoSettings(CommandContext context) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("ingest.interval", "1s");
        overrides.put("ingest.settle-time", "1s");
        overrides.put("staging.max-file-age", "2s");
        overrides.put("http.port", "0");
        overrides.putAll(context.overrides());
        DuckDockConfig config = ConfigLoader.load(context.home(), context.environment(), overrides);
        return new CommandContext(context.home(), config, overrides, context.environment(), context.verbose());
    }
}
