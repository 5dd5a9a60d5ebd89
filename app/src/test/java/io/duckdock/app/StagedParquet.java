package io.duckdock.app;

import io.duckdock.staging.StagedFileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads published staged files back with DuckDB. */
public final class StagedParquet {
    private StagedParquet() {}

    /** Published (non-hidden) Parquet files in {@code stagingDir}, sorted. */
    public static List<Path> publishedFiles(Path stagingDir) throws IOException {
        if (!Files.isDirectory(stagingDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stagingDir)) {
            return files.filter(f -> StagedFileNames.isPublished(f.getFileName().toString()))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Rows of {@code select} over table {@code events} (every published file), as strings. */
    public static List<List<String>> query(Path stagingDir, String select) throws IOException, SQLException {
        List<Path> files = publishedFiles(stagingDir);
        List<List<String>> rows = new ArrayList<>();
        if (files.isEmpty()) {
            return rows;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            Array paths = connection.createArrayOf(
                    "VARCHAR", files.stream().map(Path::toString).toArray(String[]::new));
            try (PreparedStatement view =
                    connection.prepareStatement("CREATE TEMP TABLE events AS SELECT * FROM read_parquet(?)")) {
                view.setArray(1, paths);
                view.execute();
            }
            try (PreparedStatement statement = connection.prepareStatement(select);
                    ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    public static long count(Path stagingDir) throws IOException, SQLException {
        List<List<String>> rows = query(stagingDir, "SELECT count(*) FROM events");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get(0));
    }
}
