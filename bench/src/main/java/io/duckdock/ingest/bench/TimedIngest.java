package io.duckdock.ingest.bench;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.config.HadoopConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One whole ingest run into a fresh home, its staging local (the files hard-linked in) or on HDFS
 * (the files renamed in); only {@code runOnce} is timed. Every run must take every file and leave
 * every event in its warehouse, else the benchmark stops.
 */
final class TimedIngest {
    /** @param stored the events in the warehouse after the run */
    record Run(double seconds, long stored) {}

    /**
     * One set of files to ingest, local and uploaded.
     *
     * @param events what the files' footers count
     * @param remote the folder of the uploaded copies in {@link HdfsStaging}
     */
    record Source(List<Path> files, long events, String remote) {}

    private final Path workDir;
    private final Map<String, String> hadoopSettings = new HashMap<>();

    TimedIngest(Path workDir, HadoopConfig hadoop) {
        this.workDir = workDir;
        hadoop.confDir().ifPresent(dir -> hadoopSettings.put("hadoop.conf-dir", dir.toString()));
        hadoop.properties().forEach((name, value) -> hadoopSettings.put(HadoopConfig.PROPERTY_PREFIX + name, value));
    }

    Run local(String name, Source source) {
        Path home = workDir.resolve("home-local-" + name);
        try {
            DuckDockConfig config = config(home, source.files().size(), Map.of());
            BenchFiles.stage(source.files(), config.layout().staging());
            return time(config, source);
        } finally {
            BenchFiles.deleteTree(home);
        }
    }

    /** A run that fails stops the benchmark: its files stay where it left them, in the folder deleted at the end. */
    Run remote(String name, HdfsStaging remote, Source source) {
        Path home = workDir.resolve("home-hdfs-" + name);
        String run = "run-" + name;
        remote.stage(source.remote(), run);
        Run result;
        try {
            DuckDockConfig config = config(
                    home,
                    source.files().size(),
                    Map.of(
                            "staging.dir", remote.uri(run + "/staging"),
                            "archive.dir", remote.uri(run + "/archive"),
                            "rejected.dir", remote.uri(run + "/rejected")));
            result = time(config, source);
        } finally {
            BenchFiles.deleteTree(home);
        }
        remote.unstage(run, source.remote());
        return result;
    }

    private DuckDockConfig config(Path home, int files, Map<String, String> dirs) {
        Map<String, String> settings = new HashMap<>(hadoopSettings);
        settings.putAll(dirs);
        settings.put("ingest.settle-time", "0s");
        settings.put("ingest.max-files-per-batch", Integer.toString(Math.max(5000, files)));
        settings.put("lake.enabled", "false");
        DuckDockConfig config = ConfigLoader.load(home, Map.of(), settings);
        try {
            config.layout().createDirectories();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private static Run time(DuckDockConfig config, Source source) {
        double seconds;
        try (IngesterLock lock = IngesterLock.acquire(config);
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), b -> {})) {
            long start = System.nanoTime();
            IngestReport report = ingester.runOnce(lock);
            seconds = (System.nanoTime() - start) / 1e9;
            if (report.filesIngested() != source.files().size()) {
                throw new IllegalStateException("benchmark ingest from "
                        + config.layout().stagingDir() + " took "
                        + report.filesIngested() + " of " + source.files().size() + " files; rejected: "
                        + report.rejectedFiles());
            }
        }
        long stored = stored(config);
        if (stored != source.events()) {
            throw new IllegalStateException("benchmark ingest from "
                    + config.layout().stagingDir() + " stored " + stored + " of " + source.events() + " events");
        }
        return new Run(seconds, stored);
    }

    private static long stored(DuckDockConfig config) {
        try (Connection connection = Warehouse.openForWriting(
                        config.layout().database(),
                        config.warehouse(),
                        config.ingest().lockTimeout());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM events")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot count the events in " + config.layout().database(), e);
        }
    }
}
