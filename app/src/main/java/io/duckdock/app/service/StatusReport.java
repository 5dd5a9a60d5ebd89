package io.duckdock.app.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.duckdock.app.service.RejectedFiles.Rejected;
import io.duckdock.ingest.history.IngestHistory;
import java.util.List;

/**
 * What {@code GET /status} answers and {@code duckdock status} prints. Times are ISO-8601 UTC
 * strings.
 *
 * @param source {@code service} when the running service answered, {@code warehouse} when read
 *     from the files while no service answered
 * @param lastBatches newest first
 * @param rejectedFiles files in {@code rejected/}, newest first
 * @param tasks the service's scheduled jobs; empty when no service answered
 * @param lake the lake's Iceberg events table; null when lake.enabled is false
 */
public record StatusReport(
    String at,
    String source,
    Service service,
    Backlog backlog,
    List<BatchSummary> lastBatches,
    List<Rejected> rejectedFiles,
    Throughput throughput,
    List<Task> tasks,
    Lake lake) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public StatusReport {
    lastBatches = List.copyOf(lastBatches);
    rejectedFiles = List.copyOf(rejectedFiles);
    tasks = List.copyOf(tasks);
  }

  /**
   * @param holder what the holder of the ingester lock wrote (PID, host, since); null if free
   * @param address the HTTP address it answers on; null if none answered
   */
  public record Service(boolean running, String holder, String address) {}

  /** Events ingested by the batches that finished within the last {@code windowSeconds}. */
  public record Throughput(long windowSeconds, long events, long files, double eventsPerSecond) {
    static Throughput of(IngestHistory.Throughput throughput) {
      return new Throughput(
          throughput.window().toSeconds(),
          throughput.events(),
          throughput.files(),
          throughput.eventsPerSecond());
    }
  }

  /** The lake's events table: its current snapshot and the last batch it publishes. */
  public record Lake(
      String table,
      Long snapshotId,
      String committedAt,
      String operation,
      long lastBatchId,
      int snapshots,
      String problem) {
    static Lake of(io.duckdock.config.DuckDockConfig config) {
      if (!config.lake().enabled()) {
        return null;
      }
      io.duckdock.ingest.lake.LakeStatus status =
          io.duckdock.ingest.lake.LakeStatus.read(config.layout().lake());
      return new Lake(
          status.table(),
          status.snapshotId(),
          status.committedAt(),
          status.operation(),
          status.lastBatchId(),
          status.snapshots(),
          status.problem());
    }
  }

  /** A scheduled job and how it fared. */
  public record Task(
      String name, long runs, long failures, String lastSuccess, String lastError) {}

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the status as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code json} is not a status report
   */
  public static StatusReport fromJson(String json) {
    try {
      return JSON.readValue(json, StatusReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a DuckDock status report: " + e.getOriginalMessage(), e);
    }
  }
}
