package io.duckdock.app.service;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.scheduler.IngestService;
import io.duckdock.ingest.scheduler.TaskStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ingest service together with its status endpoint, as {@code duckdock run} and {@code
 * duckdock demo} start it. {@link #start} is the composition root of the service: every part is
 * built here, in order, from what the parts before it provide, and nothing is rewired afterwards.
 * {@link #close} stops the endpoint, then lets the batch in flight finish.
 */
public final class RunningService implements AutoCloseable {
  private final IngestService service;
  private final ServiceMonitor monitor;
  private final Optional<StatusEndpoint> endpoint;

  private RunningService(
      IngestService service, ServiceMonitor monitor, Optional<StatusEndpoint> endpoint) {
    this.service = service;
    this.monitor = monitor;
    this.endpoint = endpoint;
  }

  /**
   * Checks the endpoint's settings, takes the ingester lock, starts the schedule and, unless
   * http.enabled=false, the endpoint. On failure nothing is left running.
   *
   * @throws io.duckdock.error.DuckDockException when the service cannot start: the endpoint may not
   *     or cannot listen (configuration), another ingester holds the lock (ingester busy), ...
   */
  public static RunningService start(DuckDockConfig config, Clock clock) {
    if (config.http().enabled()) {
      StatusEndpoint.check(config);
    }
    IngestActivity activity = new IngestActivity(batchesAlreadyStored(config));
    IngestService service = IngestService.start(config, clock, activity);
    try {
      ServiceMonitor monitor = new ServiceMonitor(config, clock, activity, service::stats);
      Optional<StatusEndpoint> endpoint = Optional.empty();
      if (config.http().enabled()) {
        List<String> jobs = service.stats().stream().map(TaskStats::name).toList();
        endpoint =
            Optional.of(StatusEndpoint.start(config, monitor, new ServiceMetrics(monitor, jobs)));
      }
      return new RunningService(service, monitor, endpoint);
    } catch (RuntimeException e) {
      service.close();
      throw e;
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

  @Override
  public void close() {
    try {
      endpoint.ifPresent(StatusEndpoint::close);
    } finally {
      service.close();
    }
  }
}
