package io.duckdock.app.produce;

import io.duckdock.app.CommandContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The producer side of {@code duckdock demo}: {@code produce --processes} with a given seed, and
 * the conversation ids that seed generates, so the demo can check exactly what it produced.
 */
public final class DemoLoad {
    static final int EXPERIMENTS = 3;

    private final LoadPlan plan;

    public DemoLoad(
            long conversations, int eventsPerConversation, int producers, long seed, double rate, Duration duration) {
        this.plan = new LoadPlan(conversations, eventsPerConversation, producers, EXPERIMENTS, seed, rate, duration);
    }

    public long plannedEvents() {
        return plan.totalEvents();
    }

    /** Runs every producer in its own JVM; {@code progress} counts the events they wrote. */
    public ProduceResult run(CommandContext context, AtomicLong progress) throws IOException, InterruptedException {
        Instant now = Instant.now();
        long startMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return new WorkerProcesses(context, plan, startMicros, progress).run();
    }

    /** The ids of every conversation of the plan (a run cut short writes a prefix of some). */
    public Set<String> conversationIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (long c = 0; c < plan.conversations(); c++) {
            ids.add(new SyntheticConversation(plan.seed(), c, plan.eventsPerConversation(), EXPERIMENTS, 0)
                    .conversationId());
        }
        return ids;
    }
}
