package io.duckdock.app.service;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.scheduler.IngestService;
import io.duckdock.ingest.scheduler.ScheduledTask;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ingest service together with its status endpoint, as {@code duckdock run} and {@code
 * duckdock demo} start it. {@link #close} stops the endpoint, then lets the batch in flight finish.
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
   * http.enabled=false, the endpoint.
   *
   * @throws StatusServer.UnsafeBindException when the endpoint may not or cannot start (nothing
   *     is left running)
   * @throws io.duckdock.ingest.IngestException when the service cannot start (lock held, ...)
   */
  public static RunningService start(
      DuckDockConfig config, Clock clock, List<ScheduledTask> extraTasks, boolean allowInMemory) {
    if (config.http().enabled()) {
      StatusEndpoint.check(config);
    }
    List<BatchSummary> seed =
        config.layout().inMemoryDatabase()
            ? List.of()
            : WarehouseReader.recentBatchesOrNone(
                config.layout().database(), Duration.ZERO, ServiceMonitor.RECENT_BATCHES);
    ServiceMonitor monitor = new ServiceMonitor(config, clock, seed);
    IngestService service = IngestService.start(config, clock, monitor, allowInMemory, extraTasks);
    try {
      Optional<StatusEndpoint> endpoint =
          config.http().enabled()
              ? Optional.of(StatusEndpoint.start(config, monitor, service::stats))
              : Optional.empty();
      return new RunningService(service, monitor, endpoint);
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /** {@code http://host:port} of the endpoint; empty when http.enabled=false. */
  public Optional<String> address() {
    return endpoint.map(StatusEndpoint::address);
  }

  public ServiceMonitor monitor() {
    return monitor;
  }

  public IngestService ingestService() {
    return service;
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
