package io.duckdock.ingest.lake;

import io.duckdock.ingest.sql.Transactions;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Makes {@code lake_files} list exactly the event files of the lake's current snapshot, so that a
 * replica that becomes the writer compacts the files that are there (another node may have compacted
 * the lake meanwhile).
 */
final class LakeFileList {
    private static final int BATCH_ID_FIELD = 9;

    private LakeFileList() {}

    static void sync(Connection connection, String eventsLocation, Iterable<DataFile> current) throws SQLException {
        URI root = URI.create(eventsLocation.endsWith("/") ? eventsLocation : eventsLocation + "/");
        Map<String, DataFile> wanted = new HashMap<>();
        for (DataFile file : current) {
            wanted.put(
                    LakePaths.EVENTS + "/"
                            + root.relativize(URI.create(file.location())).getPath(),
                    file);
        }
        Set<String> listed = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT path FROM lake_files")) {
            while (rows.next()) {
                listed.add(rows.getString(1));
            }
        }
        Set<String> gone = new HashSet<>(listed);
        gone.removeAll(wanted.keySet());
        Set<String> added = new HashSet<>(wanted.keySet());
        added.removeAll(listed);
        if (gone.isEmpty() && added.isEmpty()) {
            return;
        }
        Transactions.run(connection, () -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM lake_files WHERE path = ?")) {
                for (String path : gone) {
                    delete.setString(1, path);
                    delete.execute();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO lake_files VALUES (?, CAST(? AS DATE), ?, ?, ?, ?, now()::TIMESTAMP)")) {
                for (String path : added) {
                    DataFile file = wanted.get(path);
                    String partition = path.substring(0, path.lastIndexOf('/'));
                    insert.setString(1, path);
                    insert.setString(
                            2, partition.substring(partition.lastIndexOf("event_date=") + "event_date=".length()));
                    insert.setLong(3, file.recordCount());
                    insert.setLong(4, file.fileSizeInBytes());
                    insert.setLong(5, bound(file.lowerBounds().get(BATCH_ID_FIELD)));
                    insert.setLong(6, bound(file.upperBounds().get(BATCH_ID_FIELD)));
                    insert.execute();
                }
            }
        });
    }

    private static long bound(java.nio.ByteBuffer buffer) {
        return buffer == null ? 0 : Conversions.<Long>fromByteBuffer(Types.LongType.get(), buffer);
    }
}
