package io.duckdock.ingest.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An analyst's process reading the lake with a plain glob, over and over, until the stop file
 * appears: {@code <glob> <stopFile>}. Prints {@code count=N distinct=M} per read it completed.
 */
public final class LakeCounterMain {
    private LakeCounterMain() {}

    public static void main(String[] args) throws Exception {
        String sql = "SELECT count(*), count(DISTINCT event_offset) FROM read_parquet('" + args[0].replace("'", "''")
                + "', hive_partitioning = true)";
        Path stop = Path.of(args[1]);
        System.out.println("ready");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            while (!Files.exists(stop)) {
                try (Statement statement = duckdb.createStatement();
                        ResultSet counts = statement.executeQuery(sql)) {
                    counts.next();
                    System.out.println("count=" + counts.getLong(1) + " distinct=" + counts.getLong(2));
                } catch (SQLException noFilesYetOrRacedARename) {
                    System.out.println("retry");
                }
            }
        }
    }
}
