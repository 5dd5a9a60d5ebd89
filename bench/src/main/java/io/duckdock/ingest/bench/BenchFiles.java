package io.duckdock.ingest.bench;

import io.duckdock.staging.Event;
import io.duckdock.staging.StagingWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Staged files for the benchmark: written by DuckDock's own producer, or by DuckDB as a foreign producer. */
final class BenchFiles {
    static final long FIRST_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    private BenchFiles() {}

    /** Events per generated conversation, as {@code duckdock produce} makes them. */
    static final int CONVERSATION_LENGTH = 20;

    /**
     * {@code events} events in {@code files} files, written by DuckDock's own producer: conversations
     * of {@value #CONVERSATION_LENGTH} events, {@code active} of them under way at any time (their
     * events interleaved in time), each starting when one before it finished.
     */
    static List<Path> generate(Path dir, long events, int files, int active) {
        try (StagingWriter writer = StagingWriter.builder(dir.toString())
                .producerId("bench")
                .lanes(1)
                .maxRowsPerFile((int) Math.max(1, events / files))
                .maxBytesPerFile(Long.MAX_VALUE / 4)
                .maxFileAge(Duration.ofDays(1))
                .build()) {
            long perRound = (long) active * CONVERSATION_LENGTH;
            for (long i = 0; i < events; i++) {
                long conversation = (i / perRound) * active + i % active;
                writer.write(Event.builder()
                        .conversationId("conv-" + conversation)
                        .experimentId("exp-" + (conversation % 7))
                        .eventType(i % perRound < active ? "conversation.started" : "message.sent")
                        .timestampMicros(FIRST_MICROS + i * 1_000)
                        .eventData("{\"n\":" + i + ",\"text\":\"hello\"}")
                        .build());
            }
        }
        return list(dir);
    }

    /**
     * {@code events} events in {@code files} files written by DuckDB, as a foreign producer would:
     * rows in time order with every conversation scattered over every file (event i belongs to
     * conversation i mod {@code conversations}), no layout declared, event ids as text.
     */
    static List<Path> foreign(Path dir, long events, int files, int conversations) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            Files.createDirectories(dir);
            long perFile = Math.max(1, events / files);
            for (int f = 0; f < files; f++) {
                long first = f * perFile;
                long last = f == files - 1 ? events : first + perFile;
                Path file = dir.resolve(String.format("foreign-%05d.parquet", f));
                // numbers only: the path is DuckDock's own temporary folder
                statement.execute("COPY (SELECT uuidv7()::VARCHAR AS event_id, 'conv-' || (i % " + conversations
                        + ") AS conversation_id, 'exp-' || (i % 7) AS experiment_id, 'message.sent' AS event_type, "
                        + "make_timestamp(" + FIRST_MICROS + " + i * 1000) AS \"timestamp\", "
                        + "'{\"n\":' || i || ',\"text\":\"hello\"}' AS event_data FROM range(" + first + ", " + last
                        + ") t(i) ORDER BY i) TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(
                    "Cannot write foreign benchmark files into " + dir + ": " + e.getMessage(), e);
        }
        return list(dir);
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of {@code files} as their footers count them. */
    static long rows(List<Path> files) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                java.sql.PreparedStatement query =
                        connection.prepareStatement("SELECT sum(num_rows) FROM parquet_file_metadata(?)")) {
            query.setArray(
                    1,
                    connection.createArrayOf(
                            "VARCHAR", files.stream().map(Path::toString).toArray()));
            try (java.sql.ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot read the footers of " + files.size() + " benchmark files: " + e.getMessage(), e);
        }
    }

    /** Visible Parquet files anywhere under {@code dir}. */
    static long countParquet(Path dir) {
        try (Stream<Path> entries = Files.walk(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".parquet") && !name.startsWith("."))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hard-links the files into a staging directory (the ingester moves the links, the sources stay). */
    static void stage(List<Path> files, Path staging) {
        try {
            Files.createDirectories(staging);
            for (Path file : files) {
                Files.createLink(staging.resolve(file.getFileName()), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage benchmark files into " + staging, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry :
                    entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
