package io.duckdock.app.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A short read-only look at the warehouse. The ingester waits for a reader up to
 * ingest.lock-timeout, so callers keep the connection open briefly.
 */
public final class WarehouseReader {
  private static final String LOCK_CONFLICT = "Could not set lock on file";

  private WarehouseReader() {}

  /**
   * Opens {@code database} read-only, retrying while the ingester writes, for up to {@code wait}.
   *
   * @return empty when the file does not exist or stayed locked
   * @throws SQLException for any other failure to open it
   */
  public static Optional<Connection> open(String database, Duration wait) throws SQLException {
    if (!Files.exists(Path.of(database))) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    properties.setProperty("duckdb.read_only", "true");
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database, properties);
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET TimeZone = 'UTC'");
        }
        return Optional.of(connection);
      } catch (SQLException e) {
        if (!String.valueOf(e.getMessage()).contains(LOCK_CONFLICT)) {
          throw e;
        }
        if (System.nanoTime() >= deadline) {
          return Optional.empty();
        }
        sleep(50);
      }
    }
  }

  /** The newest {@code limit} batches of {@code ingest_batches}, newest first. */
  public static List<BatchSummary> recentBatches(Connection connection, int limit)
      throws SQLException {
    List<BatchSummary> batches = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT batch_id, finished_at, files_ingested, files_rejected, events_ingested,"
                    + " bytes_ingested, duration_ms FROM ingest_batches"
                    + " ORDER BY batch_id DESC LIMIT "
                    + limit)) {
      while (rows.next()) {
        batches.add(
            new BatchSummary(
                rows.getLong(1),
                rows.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC).toString(),
                rows.getInt(3),
                rows.getInt(4),
                rows.getLong(5),
                rows.getLong(6),
                rows.getLong(7)));
      }
    }
    return batches;
  }

  /** Recent batches, or none when the warehouse does not exist yet or is busy for {@code wait}. */
  public static List<BatchSummary> recentBatchesOrNone(String database, Duration wait, int limit) {
    try {
      Optional<Connection> connection = open(database, wait);
      if (connection.isEmpty()) {
        return List.of();
      }
      try (Connection c = connection.get()) {
        return recentBatches(c, limit);
      }
    } catch (SQLException e) {
      return List.of();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the warehouse", e);
    }
  }
}
