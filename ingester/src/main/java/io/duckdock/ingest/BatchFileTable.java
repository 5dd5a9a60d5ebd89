package io.duckdock.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The temporary table {@code batch_files} that rows read from the files join to: each file's batch
 * position ({@code file_index}), the path DuckDB reads, its staged name and its first row's position
 * in the batch ({@code first_row}, files in batch order).
 */
final class BatchFileTable {
    private BatchFileTable() {
    }

    /**
     * (Re)creates the table for {@code files}.
     *
     * @param rows each file's row count, which places the files after one another
     * @return the row count of all the files together
     */
    static long create(Connection connection, List<BatchLoader.Candidate> files,
                       ToLongFunction<BatchLoader.Candidate> rows) throws SQLException {
        List<BatchLoader.Candidate> inOrder = files.stream()
                .sorted(Comparator.comparingInt(BatchLoader.Candidate::index)).toList();
        Long[] firstRows = new Long[inOrder.size()];
        long total = 0;
        for (int i = 0; i < inOrder.size(); i++) {
            firstRows[i] = total;
            total += rows.applyAsLong(inOrder.get(i));
        }
        try (PreparedStatement create = connection.prepareStatement(
                "CREATE OR REPLACE TEMP TABLE batch_files AS SELECT unnest(?::INTEGER[]) AS file_index, "
                        + "unnest(?::VARCHAR[]) AS read_path, unnest(?::VARCHAR[]) AS source_file, "
                        + "unnest(?::BIGINT[]) AS first_row")) {
            create.setArray(1, connection.createArrayOf("INTEGER",
                    inOrder.stream().map(BatchLoader.Candidate::index).toArray()));
            create.setArray(2, connection.createArrayOf("VARCHAR",
                    inOrder.stream().map(BatchLoader.Candidate::readPath).toArray()));
            create.setArray(3, connection.createArrayOf("VARCHAR",
                    inOrder.stream().map(BatchLoader.Candidate::sourceName).toArray()));
            create.setArray(4, connection.createArrayOf("BIGINT", firstRows));
            create.execute();
        }
        return total;
    }
}
