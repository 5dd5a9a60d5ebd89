package io.duckdock.ingest.history;

import io.duckdock.ingest.BatchResult;
import io.duckdock.ingest.Requeue;
import io.duckdock.ingest.sql.LockRetry;
import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Typed reads of what the ingester recorded, for status pages: the batch history of
 * {@code ingest_batches}, the files waiting in {@code rejected/} and the throughput of recent
 * batches. Callers write no SQL of their own against the ledger.
 */
public final class IngestHistory {
    private static final String RECENT_BATCHES = """
            SELECT batch_id, finished_at, files_ingested, files_rejected, events_ingested, bytes_ingested, duration_ms
            FROM ingest_batches ORDER BY batch_id DESC LIMIT ?
            """;

    private IngestHistory() {}

    /** One committed batch, as stored in {@code ingest_batches} (times to the microsecond, as DuckDB keeps them). */
    public record Batch(
            long batchId,
            Instant finishedAt,
            int filesIngested,
            int filesRejected,
            long eventsIngested,
            long bytesIngested,
            Duration duration) {
        /** The batch as the ingester reports it when committed, equal to what a later read of the table gives. */
        public static Batch of(BatchResult batch) {
            return new Batch(
                    batch.batchId(),
                    batch.finishedAt().truncatedTo(ChronoUnit.MICROS),
                    batch.filesIngested(),
                    batch.filesRejected(),
                    batch.eventsIngested(),
                    batch.bytesIngested(),
                    Duration.ofMillis(batch.duration().toMillis()));
        }
    }

    /** A file in {@code rejected/}, with the time and the first line of the reason the ingester wrote beside it. */
    public record RejectedFile(String file, Instant rejectedAt, String reason) {}

    /** What the batches that finished within {@code window} ingested. */
    public record Throughput(Duration window, long events, long files) {
        public double eventsPerSecond() {
            return events / (double) window.toSeconds();
        }
    }

    /**
     * Opens {@code database} read-only, retrying while the ingester writes, for up to {@code wait}.
     * Keep the connection briefly: the ingester waits for a reader only up to ingest.lock-timeout.
     *
     * @return empty when the file does not exist or stayed locked
     * @throws SQLException for any other failure to open it
     */
    public static Optional<Connection> openReadOnly(String database, Duration wait) throws SQLException {
        if (!Files.exists(Path.of(database))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return LockRetry.runOrGiveUp(database, wait, () -> {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database, properties);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        });
    }

    /** The newest {@code limit} batches, newest first. */
    public static List<Batch> recentBatches(Connection warehouse, int limit) throws SQLException {
        List<Batch> batches = new ArrayList<>();
        try (PreparedStatement statement = warehouse.prepareStatement(RECENT_BATCHES)) {
            statement.setInt(1, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    batches.add(new Batch(
                            rows.getLong(1),
                            rows.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                            rows.getInt(3),
                            rows.getInt(4),
                            rows.getLong(5),
                            rows.getLong(6),
                            Duration.ofMillis(rows.getLong(7))));
                }
            }
        }
        return batches;
    }

    /** Recent batches, or none when the warehouse does not exist yet, stays busy for {@code wait} or cannot be read. */
    public static List<Batch> recentBatchesOrNone(String database, Duration wait, int limit) {
        try {
            Optional<Connection> connection = openReadOnly(database, wait);
            if (connection.isEmpty()) {
                return List.of();
            }
            try (Connection warehouse = connection.get()) {
                return recentBatches(warehouse, limit);
            }
        } catch (SQLException e) {
            return List.of();
        }
    }

    /**
     * Every rejected file still in {@code rejectedDir}, newest first; a file requeued by
     * {@code duckdock requeue} is no longer listed.
     *
     * @throws UncheckedIOException when the directory cannot be read
     */
    public static List<RejectedFile> rejectedFiles(Path rejectedDir) {
        return rejectedFiles(Directory.local(rejectedDir));
    }

    /** As {@link #rejectedFiles(Path)}, for a local or remote directory. */
    public static List<RejectedFile> rejectedFiles(Directory rejectedDir) {
        List<RejectedFile> rejected = new ArrayList<>();
        try {
            List<Directory.Entry> entries = rejectedDir.files();
            java.util.Set<String> names = new java.util.HashSet<>();
            entries.forEach(e -> names.add(e.name()));
            for (Directory.Entry reasonFile : entries) {
                String name = reasonFile.name();
                if (!name.endsWith(Requeue.REASON_SUFFIX)) {
                    continue;
                }
                String file = name.substring(0, name.length() - Requeue.REASON_SUFFIX.length());
                if (!names.contains(file)) {
                    continue;
                }
                String text;
                try (java.io.InputStream in = rejectedDir.open(name)) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                rejected.add(new RejectedFile(
                        file,
                        reasonFile.modified(),
                        text.strip().lines().findFirst().orElse("")));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the rejected directory " + rejectedDir.location(), e);
        }
        rejected.sort(Comparator.comparing(RejectedFile::rejectedAt).reversed());
        return rejected;
    }

    /** What the batches (newest first) that finished within {@code window} before {@code now} ingested. */
    public static Throughput throughput(List<Batch> newestFirst, Instant now, Duration window) {
        Instant since = now.minus(window);
        long events = 0;
        long files = 0;
        for (Batch batch : newestFirst) {
            if (batch.finishedAt().isBefore(since)) {
                break;
            }
            events += batch.eventsIngested();
            files += batch.filesIngested();
        }
        return new Throughput(window, events, files);
    }
}
