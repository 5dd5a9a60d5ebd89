package io.duckdock.ingest.lake;

import io.duckdock.ingest.sql.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes out of a warehouse the batches it committed but never published to the lake. Publication
 * comes before a batch's files leave staging, so those files are all still staged and are ingested
 * again by whichever node is active; in a cluster the lake's batches of the same ids are the ones
 * that count.
 */
final class ReplicaRewind {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRewind.class);

    private ReplicaRewind() {}

    /** Deletes every trace of the batches after {@code published}, in one transaction; returns how many. */
    static long discardAfter(Connection connection, long published) throws SQLException {
        long batches;
        try (PreparedStatement count =
                connection.prepareStatement("SELECT count(*) FROM ingest_batches WHERE batch_id > ?")) {
            count.setLong(1, published);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                batches = rows.getLong(1);
            }
        }
        if (batches == 0) {
            return 0;
        }
        String after = " WHERE batch_id > " + published;
        Transactions.run(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM events" + after);
                statement.execute("DELETE FROM ingest_files" + after);
                statement.execute("DELETE FROM ingest_batches" + after);
                // the heads those batches moved go back to the conversations' last remaining events: rows
                // from the events left (all of earlier batches) are added, then the moved rows deleted
                statement.execute("INSERT INTO conversation_heads SELECT conversation_id, max(sequence), "
                        + "arg_max(batch_id, sequence) FROM events WHERE conversation_id IN (SELECT conversation_id "
                        + "FROM conversation_heads WHERE last_batch_id > " + published + ") GROUP BY conversation_id");
                statement.execute("DELETE FROM conversation_heads WHERE last_batch_id > " + published);
            }
        });
        LOG.warn(
                "replica: discarded {} batch(es) after {} that this warehouse committed but never published to the "
                        + "lake; their files are still staged and will be ingested again",
                batches,
                published);
        return batches;
    }
}
