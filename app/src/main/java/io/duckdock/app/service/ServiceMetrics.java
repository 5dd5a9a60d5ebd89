package io.duckdock.app.service;

import io.duckdock.ingest.scheduler.TaskStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The service's Prometheus metrics, read from the {@link ServiceMonitor} at each scrape. Staging is listed at most
 * once per scrape: the three backlog gauges share one listing for a second.
 */
public final class ServiceMetrics {
    private static final long BACKLOG_CACHE_NANOS = 1_000_000_000L;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ServiceMonitor monitor;
    private Backlog backlog;
    private long backlogAt;

    /**
     * @param monitor what the metrics read, at each scrape
     * @param jobs the names of the scheduled jobs, each counted under the label {@code job}
     */
    public ServiceMetrics(ServiceMonitor monitor, List<String> jobs) {
        this.monitor = monitor;
        IngestActivity activity = monitor.activity();
        backlogGauge("duckdock.staging.files", "Committed files waiting in staging", null, Backlog::files);
        backlogGauge("duckdock.staging.bytes", "Bytes of the files waiting in staging", "bytes", Backlog::bytes);
        backlogGauge(
                "duckdock.staging.oldest.age",
                "Age of the oldest file waiting in staging",
                "seconds",
                Backlog::oldestAgeSeconds);
        counter(
                "duckdock.ingested.events",
                "Events stored by committed batches",
                activity,
                IngestActivity::eventsIngested);
        counter("duckdock.ingested.files", "Staged files ingested", activity, IngestActivity::filesIngested);
        counter("duckdock.rejected.files", "Staged files rejected", activity, IngestActivity::filesRejected);
        counter(
                "duckdock.lock.waits",
                "Waits for the warehouse file while another process held it",
                activity,
                IngestActivity::lockWaits);
        FunctionCounter.builder(
                        "duckdock.lock.wait", activity, a -> a.lockWaitTime().toNanos() / 1e9)
                .description("Time spent waiting for the warehouse file while another process held it")
                .baseUnit("seconds")
                .register(registry);
        counter("duckdock.batches", "Committed ingest batches", activity, IngestActivity::batches);
        FunctionTimer.builder(
                        "duckdock.batch.duration",
                        activity,
                        IngestActivity::batches,
                        a -> a.batchTime().toNanos(),
                        TimeUnit.NANOSECONDS)
                .description("Wall time of committed ingest batches")
                .register(registry);
        Gauge.builder("duckdock.ingest.last.success", monitor, ServiceMetrics::lastIngestSuccess)
                .description("Unix time of the last successful ingest run; NaN before the first")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("duckdock.node.active", monitor, m -> m.active() ? 1 : 0)
                .description("1 while this node ingests, 0 while it stands by")
                .register(registry);
        Gauge.builder(
                        "duckdock.replica.lag.batches",
                        monitor,
                        m -> m.replica().map(r -> (double) r.lagBatches()).orElse(0.0))
                .description("Batches the lake held that this standby's replica lacked at its last pass; 0 on"
                        + " the active node")
                .register(registry);
        Gauge.builder(
                        "duckdock.replica.lag",
                        monitor,
                        m -> m.replica().map(r -> r.lag().toMillis() / 1000.0).orElse(0.0))
                .description("How long the batches this standby's last pass applied had been in the lake; 0 on"
                        + " the active node")
                .baseUnit("seconds")
                .register(registry);
        for (String job : jobs) {
            FunctionCounter.builder("duckdock.job.runs", monitor, m -> stat(m, job, TaskStats::runs))
                    .description("Runs of a scheduled job, failed or not")
                    .tag("job", job)
                    .register(registry);
            FunctionCounter.builder("duckdock.job.failures", monitor, m -> stat(m, job, TaskStats::failures))
                    .description("Failed runs of a scheduled job")
                    .tag("job", job)
                    .register(registry);
        }
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private void backlogGauge(String name, String description, String unit, ToDoubleFunction<Backlog> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.cachedBacklog()))
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private void counter(
            String name, String description, IngestActivity activity, ToDoubleFunction<IngestActivity> value) {
        FunctionCounter.builder(name, activity, value).description(description).register(registry);
    }

    private synchronized Backlog cachedBacklog() {
        long now = System.nanoTime();
        if (backlog == null || now - backlogAt > BACKLOG_CACHE_NANOS) {
            backlog = monitor.backlog();
            backlogAt = now;
        }
        return backlog;
    }

    private static double lastIngestSuccess(ServiceMonitor monitor) {
        return monitor.taskStats().stream()
                .filter(t -> t.name().equals("ingest"))
                .findFirst()
                .flatMap(TaskStats::lastSuccess)
                .map(Instant::toEpochMilli)
                .map(millis -> millis / 1000.0)
                .orElse(Double.NaN);
    }

    private static double stat(
            ServiceMonitor monitor, String task, java.util.function.ToLongFunction<TaskStats> value) {
        return monitor.taskStats().stream()
                .filter(t -> t.name().equals(task))
                .findFirst()
                .map(value::applyAsLong)
                .orElse(0L);
    }
}
