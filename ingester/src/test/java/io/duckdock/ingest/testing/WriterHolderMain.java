package io.duckdock.ingest.testing;

import java.sql.Connection;
import java.sql.DriverManager;

/** A writer's process: opens the database read-write, says "ready", holds it for the given milliseconds. */
public final class WriterHolderMain {
    private WriterHolderMain() {}

    @SuppressWarnings("try") // the connection is held open, never used
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
    }
}
