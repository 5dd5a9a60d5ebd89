package io.duckdock.ingest.lake;

import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.sql.Transactions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes committed batches as {@code events/event_date=D/batch-<id>.parquet}: COPY to a hidden
 * name, rename into place (the rename is the publication), then record the files and the batch in
 * one transaction. Names are deterministic, so publishing a batch again replaces its files with
 * identical ones instead of adding rows.
 */
final class LakePublisher {
    private static final String PENDING = """
            SELECT batch_id FROM ingest_batches
            WHERE events_ingested > 0 AND batch_id NOT IN (SELECT batch_id FROM lake_batches)
            ORDER BY batch_id
            """;

    private final Connection connection;
    private final LakePaths paths;
    private final Clock clock;

    LakePublisher(Connection connection, LakePaths paths, Clock clock) {
        this.connection = connection;
        this.paths = paths;
        this.clock = clock;
    }

    List<Long> pending() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(PENDING)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /** Publishes one batch; returns the rows written. */
    long publish(long batchId) throws SQLException, IOException {
        List<LocalDate> dates = dates(batchId);
        List<Object[]> files = new ArrayList<>();
        long rows = 0;
        for (LocalDate date : dates) {
            Path dir = Files.createDirectories(paths.partition(date));
            Path target = dir.resolve("batch-" + batchId + ".parquet");
            Path temp = LakePaths.hidden(target, ".tmp");
            long written;
            try (Statement statement = connection.createStatement()) {
                // batchId and date are numbers DuckDock generated; COPY takes no bind parameters. No ORDER BY:
                // the rows stream from the table to the file instead of being sorted in memory first.
                written = statement.executeLargeUpdate("COPY (SELECT * FROM events WHERE batch_id = " + batchId
                        + " AND CAST(\"timestamp\" AS DATE) = DATE '" + date + "') TO "
                        + LakePaths.literal(temp) + " (FORMAT parquet)");
            } catch (SQLException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            LakePaths.rename(temp, target, true);
            files.add(new Object[] {paths.relative(target), date, written, Files.size(target)});
            rows += written;
        }
        record(batchId, files, rows);
        return rows;
    }

    private List<LocalDate> dates(long batchId) throws SQLException {
        List<LocalDate> dates = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT DISTINCT CAST(\"timestamp\" AS DATE) AS d FROM events WHERE batch_id = ? ORDER BY d")) {
            query.setLong(1, batchId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    dates.add(rows.getObject(1, LocalDate.class));
                }
            }
        }
        return dates;
    }

    private void record(long batchId, List<Object[]> files, long rows) throws SQLException {
        long now = Micros.of(clock.instant());
        Transactions.run(connection, () -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO lake_files VALUES (?, ?, ?, ?, ?, ?, make_timestamp(?::BIGINT))")) {
                for (Object[] file : files) {
                    insert.setString(1, (String) file[0]);
                    insert.setObject(2, file[1]);
                    insert.setLong(3, (Long) file[2]);
                    insert.setLong(4, (Long) file[3]);
                    insert.setLong(5, batchId);
                    insert.setLong(6, batchId);
                    insert.setLong(7, now);
                    insert.execute();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO lake_batches VALUES (?, ?, ?, make_timestamp(?::BIGINT))")) {
                insert.setLong(1, batchId);
                insert.setInt(2, files.size());
                insert.setLong(3, rows);
                insert.setLong(4, now);
                insert.execute();
            }
        });
    }
}
