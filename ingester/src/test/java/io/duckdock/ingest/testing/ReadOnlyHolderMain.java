package io.duckdock.ingest.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/** An analyst's process: opens the database read-only, says "ready", holds it for the given milliseconds. */
public final class ReadOnlyHolderMain {
    private ReadOnlyHolderMain() {}

    @SuppressWarnings("try") // the connection is held open for the given time, never used
    public static void main(String[] args) throws Exception {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly)) {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
    }
}
