package io.duckdock.app.service;

import io.duckdock.ingest.history.IngestHistory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A short read-only look at the warehouse through {@link IngestHistory}, its batches as the status
 * document shows them. The ingester waits for a reader up to ingest.lock-timeout, so callers keep
 * the connection open briefly.
 */
public final class WarehouseReader {
    private WarehouseReader() {}

    /**
     * Opens {@code database} read-only, retrying while the ingester writes, for up to {@code wait}.
     *
     * @return empty when the file does not exist or stayed locked
     * @throws SQLException for any other failure to open it
     */
    public static Optional<Connection> open(String database, Duration wait) throws SQLException {
        return IngestHistory.openReadOnly(database, wait);
    }

    /** The newest {@code limit} batches of {@code ingest_batches}, newest first. */
    public static List<BatchSummary> recentBatches(Connection connection, int limit) throws SQLException {
        return IngestHistory.recentBatches(connection, limit).stream()
                .map(BatchSummary::of)
                .toList();
    }

    /** Recent batches, or none when the warehouse does not exist yet or is busy for {@code wait}. */
    public static List<BatchSummary> recentBatchesOrNone(String database, Duration wait, int limit) {
        return IngestHistory.recentBatchesOrNone(database, wait, limit).stream()
                .map(BatchSummary::of)
                .toList();
    }
}
