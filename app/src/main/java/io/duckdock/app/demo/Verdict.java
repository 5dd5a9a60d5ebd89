package io.duckdock.app.demo;

import io.duckdock.app.output.TextTable;
import io.duckdock.app.produce.ProduceResult;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * After the demo: a few analyst queries over the demo's own conversations, printed as tables, and
 * the check that every produced event is stored exactly once with gap-free sequences. The warehouse
 * is attached read-only to an in-memory database that holds the demo's conversation ids.
 *
 * @param stored rows of the demo's conversations in {@code events}
 * @param distinct distinct event ids among them
 * @param brokenConversations conversations whose sequences are not exactly 1..n
 */
public record Verdict(long produced, long stored, long distinct, long conversations, long brokenConversations) {

    public boolean ok() {
        return produced > 0 && stored == produced && distinct == produced && brokenConversations == 0;
    }

    public String line() {
        return String.format(
                "VERDICT %s: produced %d events, stored %d (%d distinct event ids), %d conversations, %d"
                        + " with sequence gaps",
                ok() ? "OK" : "FAILED", produced, stored, distinct, conversations, brokenConversations);
    }

    static Verdict check(String database, Set<String> conversationIds, ProduceResult produced, PrintWriter out)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (PreparedStatement attach = connection.prepareStatement("ATTACH ? AS warehouse (READ_ONLY)")) {
                attach.setString(1, database);
                attach.execute();
            }
            statement.execute("CREATE TABLE demo_ids (conversation_id VARCHAR PRIMARY KEY)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO demo_ids VALUES (?)")) {
                for (String id : conversationIds) {
                    insert.setString(1, id);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            statement.execute("CREATE TEMP VIEW demo_events AS SELECT e.* FROM warehouse.main.events e"
                    + " JOIN demo_ids USING (conversation_id)");
            printQueries(statement, out);
            long[] counts = longs(
                    statement,
                    "SELECT count(*), count(DISTINCT event_id)," + " count(DISTINCT conversation_id) FROM demo_events");
            long[] broken = longs(
                    statement,
                    "SELECT count(*) FROM (SELECT conversation_id FROM demo_events"
                            + " GROUP BY conversation_id HAVING min(sequence) <> 1 OR max(sequence) <> count(*)"
                            + " OR count(DISTINCT sequence) <> count(*))");
            return new Verdict(produced.events(), counts[0], counts[1], counts[2], broken[0]);
        }
    }

    private static void printQueries(Statement statement, PrintWriter out) throws SQLException {
        table(
                statement,
                out,
                "Conversations per experiment (this demo's):",
                "SELECT experiment_id, count(DISTINCT conversation_id) AS conversations, count(*) AS events,"
                        + " count(*) FILTER (event_type = 'conversation.failed') AS failed,"
                        + " count(*) FILTER (event_type = 'tool.called') AS tool_calls"
                        + " FROM demo_events GROUP BY experiment_id ORDER BY experiment_id");
        table(
                statement,
                out,
                "Events by type:",
                "SELECT event_type, count(*) AS events FROM demo_events GROUP BY event_type"
                        + " ORDER BY events DESC, event_type");
        table(
                statement,
                out,
                "Ingest batches that stored them:",
                "SELECT count(*) AS batches, sum(b.events_ingested) AS events,"
                        + " round(avg(b.duration_ms)) AS avg_ms, max(b.duration_ms) AS max_ms"
                        + " FROM warehouse.main.ingest_batches b"
                        + " WHERE b.batch_id IN (SELECT DISTINCT batch_id FROM demo_events)");
    }

    private static void table(Statement statement, PrintWriter out, String title, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            String[] header = new String[meta.getColumnCount()];
            for (int c = 0; c < header.length; c++) {
                header[c] = meta.getColumnLabel(c + 1);
            }
            TextTable table = new TextTable(header);
            while (rows.next()) {
                String[] cells = new String[header.length];
                for (int c = 0; c < header.length; c++) {
                    cells[c] = String.valueOf(rows.getObject(c + 1));
                }
                table.row(cells);
            }
            out.println();
            out.println(title);
            table.print(out);
        }
    }

    private static long[] longs(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            long[] values = new long[rows.getMetaData().getColumnCount()];
            for (int c = 0; c < values.length; c++) {
                values[c] = rows.getLong(c + 1);
            }
            return values;
        }
    }
}
