package io.duckdock.ingest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of draining a large backlog: foreign files (DuckDB-written, conversations scattered, so
 * numbered by the window, the heavier path) adding up to at least the requested size are staged into
 * a fresh home, and a child JVM with the launcher's default heap runs one ingest with default
 * settings (lake publishing on). The child reports its own peak resident memory.
 */
public final class BacklogBenchmark {
    /** The JVM heap the {@code duckdock} launcher gives a command unless DUCKDOCK_JAVA_OPTS says otherwise. */
    public static final String LAUNCHER_HEAP = "-Xmx1g";
    /** Events per staged file of the standard run (about 100 MB each). */
    public static final long EVENTS_PER_FILE = 2_000_000;

    private static final Pattern REPORT =
            Pattern.compile("events=(\\d+) batches=(\\d+) seconds=([0-9.]+) peak_rss_kb=(-?\\d+)");

    /** What the child reported, and the backlog it drained. */
    public record Result(long backlogBytes, int files, long events, int batches, double seconds, long peakRssKb) {
        public double peakRssGiB() {
            return peakRssKb / 1024.0 / 1024.0;
        }

        public double eventsPerSecond() {
            return events / seconds;
        }
    }

    private BacklogBenchmark() {}

    public static Result run(Path workDir, long backlogBytes, PrintStream out)
            throws SQLException, IOException, InterruptedException {
        return run(workDir, backlogBytes, EVENTS_PER_FILE, out);
    }

    /** As {@link #run(Path, long, PrintStream)} with files of {@code eventsPerFile} events. */
    public static Result run(Path workDir, long backlogBytes, long eventsPerFile, PrintStream out)
            throws SQLException, IOException, InterruptedException {
        Path home = workDir.resolve("home-backlog");
        Path staging = Files.createDirectories(home.resolve("staging"));
        out.printf("backlog benchmark: staging at least %,d MB of foreign Parquet...%n", backlogBytes >> 20);
        long bytes = 0;
        List<Path> files = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (int f = 0; bytes < backlogBytes; f++) {
                long first = f * eventsPerFile;
                Path file = staging.resolve(String.format("backlog-%05d.parquet", f));
                statement.execute("COPY (SELECT uuidv7()::VARCHAR AS event_id, 'conv-' || (i % 100000) AS "
                        + "conversation_id, 'exp-' || (i % 7) AS experiment_id, 'message.sent' AS event_type, "
                        + "make_timestamp(" + BenchFiles.FIRST_MICROS + " + i * 1000) AS \"timestamp\", "
                        + "'{\"n\":' || i || ',\"text\":\"hello\"}' AS event_data FROM range(" + first + ", "
                        + (first + eventsPerFile) + ") t(i) ORDER BY i) TO '"
                        + file.toString().replace("'", "''") + "' (FORMAT parquet)");
                bytes += Files.size(file);
                files.add(file);
            }
        }
        out.printf(
                "  %d files, %,d MB, %,d events; draining in a child JVM (%s, default settings)...%n",
                files.size(), bytes >> 20, files.size() * eventsPerFile, LAUNCHER_HEAP);
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        LAUNCHER_HEAP,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DrainBacklogMain.class.getName(),
                        home.toString())
                .redirectErrorStream(true)
                .start();
        String report = null;
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (REPORT.matcher(line).find()) {
                    report = line;
                }
            }
        }
        int exit = child.waitFor();
        BenchFiles.deleteTree(home);
        Matcher m = report == null ? null : REPORT.matcher(report);
        if (exit != 0 || m == null || !m.find()) {
            throw new IllegalStateException("the draining process exited " + exit + " without its report");
        }
        Result result = new Result(
                bytes,
                files.size(),
                Long.parseLong(m.group(1)),
                Integer.parseInt(m.group(2)),
                Double.parseDouble(m.group(3)),
                Long.parseLong(m.group(4)));
        out.printf(
                "  drained %,d events in %d batches in %.1f s (%,.0f events/s); peak RSS %.2f GiB (target <= 2 GiB)%n",
                result.events(), result.batches(), result.seconds(), result.eventsPerSecond(), result.peakRssGiB());
        return result;
    }
}
