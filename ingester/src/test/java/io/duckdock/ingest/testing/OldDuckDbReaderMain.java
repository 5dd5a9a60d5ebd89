package io.duckdock.ingest.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/** Runs with another DuckDB JDBC jar on the classpath: prints that DuckDB's version and a count from the warehouse. */
public final class OldDuckDbReaderMain {
    private OldDuckDbReaderMain() {}

    public static void main(String[] args) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly);
                Statement statement = connection.createStatement()) {
            try (ResultSet version = statement.executeQuery("SELECT version()")) {
                version.next();
                System.out.println("version=" + version.getString(1));
            }
            try (ResultSet count = statement.executeQuery(args[1])) {
                count.next();
                System.out.println("result=" + count.getString(1));
            }
        }
    }
}
