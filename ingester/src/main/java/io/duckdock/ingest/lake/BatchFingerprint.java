package io.duckdock.ingest.lake;

import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * What one writer had in a batch, from its row in {@code ingest_batches}: when the batch started and
 * finished (to the microsecond), its counts and offsets. Two nodes that each numbered a batch with the
 * same id (a deposed writer and its successor) have different fingerprints; a replica copies the row
 * and so has the publisher's. The events commit of a batch carries it ({@link IcebergLake#BATCH_FINGERPRINT}).
 */
final class BatchFingerprint {
    private BatchFingerprint() {}

    static String of(Connection connection, long batchId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT concat_ws('/', epoch_us(started_at), "
                + "epoch_us(finished_at), files_ingested, events_ingested, coalesce(first_offset, -1), "
                + "coalesce(last_offset, -1)) FROM ingest_batches WHERE batch_id = ?")) {
            query.setLong(1, batchId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "none";
            }
        }
    }

    /**
     * Checks that the batch the events table already holds under {@code batchId} is this writer's.
     *
     * @param fenced whether other nodes may write the lake (a cluster): then a batch whose fingerprint is
     *     gone cannot be taken for this node's own
     * @throws LakeException when another writer published a different batch under that id: this
     *     node's batch must not be recorded as published (its files stay in staging)
     */
    static void verify(Table events, long batchId, String mine, boolean fenced) {
        Optional<String> published = IcebergLake.fingerprint(events, batchId);
        if (published.isEmpty() && fenced) {
            // its snapshot expired (lake.snapshot-retention) or predates fingerprints: with other nodes about,
            // taking it for this node's own could drop this node's batch while its files leave staging
            throw new LakeException(
                    ErrorCategory.INGESTER_BUSY,
                    "batch " + batchId + ": the lake already holds a batch " + batchId + " whose fingerprint is no "
                            + "longer in its snapshots, so this node cannot tell whether it is its own; the batch is "
                            + "not published and its files stay in staging: restart the node so that it catches up "
                            + "with the lake");
        }
        if (published.isPresent() && !published.get().equals(mine)) {
            throw new LakeException(
                    ErrorCategory.INGESTER_BUSY,
                    "batch " + batchId + ": the lake already holds a different batch " + batchId + " (published by "
                            + "another node: fingerprint " + published.get() + ", this node's " + mine + "); this node "
                            + "is no longer the active writer, its batch is not published and its files stay in "
                            + "staging for the active node");
        }
    }
}
