package io.duckdock.app.service;

import io.duckdock.cluster.ClusterStatus;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.scheduler.TaskStats;
import io.duckdock.ingest.storage.Directory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the running service knows about itself: from what the ingester did ({@link IngestActivity}),
 * the scheduler's task stats and the staging directory it builds the status report and the health
 * verdict. It receives everything it reads when it is constructed.
 */
public final class ServiceMonitor {
    static final Duration THROUGHPUT_WINDOW = Duration.ofMinutes(5);
    /** The backlog is unhealthy when its oldest file waited longer than this many ingest intervals. */
    static final int BACKLOG_INTERVALS = 5;

    static final Duration MIN_BACKLOG_AGE_LIMIT = Duration.ofMinutes(1);

    private final DuckDockConfig config;
    private final Clock clock;
    private final IngestActivity activity;
    private final Supplier<List<TaskStats>> tasks;
    private final Supplier<ClusterStatus> nodes;

    /**
     * @param activity what the ingester did while the service ran
     * @param tasks the scheduler's task stats, read at each report
     * @param nodes this node's role and the nodes it knows, read at each report
     */
    public ServiceMonitor(
            DuckDockConfig config,
            Clock clock,
            IngestActivity activity,
            Supplier<List<TaskStats>> tasks,
            Supplier<ClusterStatus> nodes) {
        this.config = config;
        this.clock = clock;
        this.activity = activity;
        this.tasks = tasks;
        this.nodes = nodes;
    }

    /** Whether this node ingests (always, without standby or cluster). */
    public boolean active() {
        return nodes.get().role().equals("active");
    }

    /** This node's replica of the lake while it stands by in a cluster. */
    public Optional<io.duckdock.cluster.Replica.State> replica() {
        return nodes.get().replica();
    }

    public IngestActivity activity() {
        return activity;
    }

    List<TaskStats> taskStats() {
        return tasks.get();
    }

    public Backlog backlog() {
        return Backlog.scan(Directory.of(config.layout().stagingDir(), config.hadoop()), clock.instant());
    }

    /** The status as the service sees it now. */
    public StatusReport report(StatusReport.Service service) {
        List<BatchSummary> batches = activity.recentBatches();
        List<StatusReport.Task> taskList = taskStats().stream()
                .map(t -> new StatusReport.Task(
                        t.name(),
                        t.runs(),
                        t.failures(),
                        t.lastSuccess().map(Instant::toString).orElse(null),
                        t.lastError().orElse(null)))
                .toList();
        return new StatusReport(
                clock.instant().toString(),
                "service",
                service,
                backlog(),
                batches.stream().limit(20).toList(),
                RejectedFiles.list(Directory.of(config.layout().rejectedDir(), config.hadoop())),
                throughput(batches, clock.instant()),
                taskList,
                StatusReport.Nodes.of(nodes.get()),
                StatusReport.Lake.of(config));
    }

    /** Ingest throughput of the batches (newest first) that finished within the window before now. */
    static StatusReport.Throughput throughput(List<BatchSummary> batches, Instant now) {
        Instant since = now.minus(THROUGHPUT_WINDOW);
        long events = 0;
        long files = 0;
        for (BatchSummary batch : batches) {
            if (Instant.parse(batch.finishedAt()).isBefore(since)) {
                break;
            }
            events += batch.events();
            files += batch.files();
        }
        long seconds = THROUGHPUT_WINDOW.toSeconds();
        return new StatusReport.Throughput(seconds, events, files, events / (double) seconds);
    }

    /** Why the service is unhealthy, or empty when it is healthy. */
    public Optional<String> unhealthyReason() {
        if (config.ingest().enabled() && active()) {
            Optional<TaskStats> ingest =
                    taskStats().stream().filter(t -> t.name().equals("ingest")).findFirst();
            if (ingest.isEmpty() || ingest.get().runs() == 0) {
                return Optional.of("no ingest run has finished yet");
            }
            if (ingest.get().lastError().isPresent()) {
                return Optional.of("the last ingest run failed: "
                        + ingest.get().lastError().get());
            }
        }
        Backlog backlog = backlog();
        Duration limit = backlogAgeLimit();
        if (backlog.oldestAgeSeconds() > limit.toSeconds()) {
            return Optional.of(String.format(
                    "backlog too old: %s has waited %.0f s in staging (limit %d s); %d files, %d bytes" + " waiting",
                    backlog.oldestFile(),
                    backlog.oldestAgeSeconds(),
                    limit.toSeconds(),
                    backlog.files(),
                    backlog.bytes()));
        }
        return Optional.empty();
    }

    /** {@value #BACKLOG_INTERVALS} ingest intervals, at least one minute. */
    Duration backlogAgeLimit() {
        Duration limit = config.ingest().interval().multipliedBy(BACKLOG_INTERVALS);
        return limit.compareTo(MIN_BACKLOG_AGE_LIMIT) < 0 ? MIN_BACKLOG_AGE_LIMIT : limit;
    }
}
