package io.duckdock.app.service;

import io.duckdock.cluster.ClusterDatabase;
import io.duckdock.cluster.ClusterNode;
import io.duckdock.cluster.ClusterStatus;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.scheduler.IngestService;
import io.duckdock.ingest.scheduler.Service;
import io.duckdock.ingest.scheduler.TaskStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The ingest service together with its status endpoint, as {@code duckdock run} and {@code
 * duckdock demo} start it. {@link #start} is the composition root of the service: every part is
 * built here, in order, from what the parts before it provide, and nothing is rewired afterwards.
 * {@link #close} stops the endpoint, then lets the batch in flight finish.
 */
public final class RunningService implements AutoCloseable {
    private final ServiceMonitor monitor;
    private final Optional<StatusEndpoint> endpoint;
    /** What to stop, in order, on {@link #close}. */
    private final List<AutoCloseable> parts;

    private RunningService(ServiceMonitor monitor, Optional<StatusEndpoint> endpoint, List<AutoCloseable> parts) {
        this.monitor = monitor;
        this.endpoint = endpoint;
        this.parts = parts;
    }

    /**
     * Checks the endpoint's settings, takes the ingester lock, starts the schedule and, unless
     * http.enabled=false, the endpoint. With cluster.standby=true or cluster.jdbc-url set, the node
     * instead stands by (endpoint up) and starts ingesting when it takes over. On failure nothing is
     * left running.
     *
     * @throws io.duckdock.error.DuckDockException when the service cannot start: the endpoint may not
     *     or cannot listen (configuration), another ingester holds the lock (ingester busy), the
     *     cluster database cannot be reached (configuration), ...
     */
    public static RunningService start(DuckDockConfig config, Clock clock) {
        if (config.http().enabled()) {
            StatusEndpoint.check(config);
        }
        IngestActivity activity = new IngestActivity(batchesAlreadyStored(config));
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            ServiceMonitor monitor;
            if (config.cluster().standby() || config.cluster().clustered()) {
                monitor = standBy(config, clock, activity, parts);
            } else {
                IngestService service = IngestService.start(config, clock, activity);
                parts.add(service);
                monitor = new ServiceMonitor(config, clock, activity, service::stats, ClusterStatus::single);
            }
            Optional<StatusEndpoint> endpoint = Optional.empty();
            if (config.http().enabled()) {
                endpoint = Optional.of(
                        StatusEndpoint.start(config, monitor, new ServiceMetrics(monitor, jobNames(config))));
                parts.add(0, endpoint.get());
            }
            return new RunningService(monitor, endpoint, List.copyOf(parts));
        } catch (RuntimeException e) {
            closeAll(parts, e);
            throw e;
        }
    }

    /** A node that ingests only once it takes over: on the home's lock, or in the cluster. */
    private static ServiceMonitor standBy(
            DuckDockConfig config, Clock clock, IngestActivity activity, List<AutoCloseable> parts) {
        boolean clustered = config.cluster().clustered();
        IngestService.check(config);
        ActiveIngester ingester = new ActiveIngester(config, clock, activity, !clustered);
        // first the node: it checks the cluster settings by connecting before it tries to take over
        ClusterNode node = ClusterNode.start(config, clock, ingester);
        parts.add(node);
        Supplier<List<TaskStats>> shared = List::of;
        if (clustered) {
            ClusterDatabase database = ClusterDatabase.open(config.cluster());
            parts.add(database);
            Service sharedJobs = Service.start(IngestService.sharedTasks(config, clock), clock, database.store());
            parts.add(1, sharedJobs);
            shared = sharedJobs::stats;
        }
        Supplier<List<TaskStats>> sharedStats = shared;
        return new ServiceMonitor(
                config,
                clock,
                activity,
                () -> Stream.concat(ingester.stats().stream(), sharedStats.get().stream())
                        .toList(),
                node::status);
    }

    /** The jobs the metrics report, whether or not this node runs them yet. */
    private static List<String> jobNames(DuckDockConfig config) {
        List<String> names = new ArrayList<>();
        if (config.ingest().enabled()) {
            names.add("ingest");
        }
        if (config.lake().enabled()) {
            names.add("compact");
        }
        names.addAll(List.of("checkpoint", "sweep", "archive-purge"));
        return names;
    }

    private static void closeAll(List<AutoCloseable> parts, RuntimeException failure) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The last batches in the warehouse, so that status shows them before the first run. */
    private static List<BatchSummary> batchesAlreadyStored(DuckDockConfig config) {
        return config.layout().inMemoryDatabase()
                ? List.of()
                : WarehouseReader.recentBatchesOrNone(
                        config.layout().database(), Duration.ZERO, IngestActivity.RECENT_BATCHES);
    }

    /** {@code http://host:port} of the endpoint; empty when http.enabled=false. */
    public Optional<String> address() {
        return endpoint.map(StatusEndpoint::address);
    }

    public ServiceMonitor monitor() {
        return monitor;
    }

    /** Stops the endpoint, then the node (the batch in flight finishes), then the rest. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
