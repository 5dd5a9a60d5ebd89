package io.duckdock.ingest.lake;

import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.sql.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Hot/cold retention: deletes events older than the hot window from the database, but only rows
 * of batches the lake ledger lists as published, and records the cut-off for the all_events view.
 */
final class LakeRetention {
    private final Connection connection;
    private final Clock clock;

    LakeRetention(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** Purges events before midnight UTC {@code hotDays} days ago; returns the rows deleted. */
    long purge(int hotDays) throws SQLException {
        Instant now = clock.instant();
        Instant cutoff = now.truncatedTo(ChronoUnit.DAYS).minus(hotDays, ChronoUnit.DAYS);
        long[] deleted = new long[1];
        Transactions.run(connection, () -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE \"timestamp\" < "
                    + "make_timestamp(?::BIGINT) AND batch_id IN (SELECT batch_id FROM lake_batches)")) {
                delete.setLong(1, Micros.of(cutoff));
                deleted[0] = delete.executeLargeUpdate();
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO lake_retention VALUES "
                    + "(1, make_timestamp(?::BIGINT), make_timestamp(?::BIGINT)) ON CONFLICT (id) DO UPDATE SET "
                    + "purged_before = greatest(lake_retention.purged_before, excluded.purged_before), "
                    + "purged_at = excluded.purged_at")) {
                upsert.setLong(1, Micros.of(cutoff));
                upsert.setLong(2, Micros.of(now));
                upsert.execute();
            }
        });
        return deleted[0];
    }
}
