package io.duckdock.app.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster nodes on one machine: each has its own home (and warehouse); staging, archive and rejected
 * are shared, as they would be on HDFS or a mounted directory.
 */
final class ClusterHomes {
    private final Path root;
    private final String jdbcUrl;
    private final List<String> extra;
    private int homes;

    ClusterHomes(Path root, String jdbcUrl, String... extra) {
        this.root = root;
        this.jdbcUrl = jdbcUrl;
        this.extra = List.of(extra);
    }

    Path staging() {
        return root.resolve("shared/staging");
    }

    Path archive() {
        return root.resolve("shared/archive");
    }

    Path lake() {
        return root.resolve("shared/lake");
    }

    /** A new home and the settings of a node on it. */
    Path newHome() throws Exception {
        return Files.createDirectories(root.resolve("home-" + ++homes));
    }

    String[] settings() {
        List<String> settings = new ArrayList<>(List.of(
                "cluster.jdbc-url=" + jdbcUrl,
                "cluster.user=postgres",
                "staging.dir=" + staging(),
                "archive.dir=" + archive(),
                "rejected.dir=" + root.resolve("shared/rejected"),
                "lake.dir=" + lake(),
                "ingest.interval=200ms",
                "ingest.settle-time=0s",
                "ingest.max-files-per-batch=10"));
        settings.addAll(extra);
        return settings.toArray(String[]::new);
    }

    Path warehouse(int home) {
        return root.resolve("home-" + home).resolve("warehouse.duckdb");
    }
}
