package io.duckdock.app.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cluster nodes on one machine: each has its own home (and warehouse); staging, archive, rejected and
 * the lake are shared, in a local directory (as a mounted one would be) or under a URI on HDFS.
 */
final class ClusterHomes {
    private final Path root;
    private final String shared;
    private final String jdbcUrl;
    private final List<String> extra;
    private int homes;

    ClusterHomes(Path root, String jdbcUrl, String... extra) {
        this(root, root.resolve("shared").toString(), jdbcUrl, extra);
    }

    private ClusterHomes(Path root, String shared, String jdbcUrl, String... extra) {
        this.root = root;
        this.shared = shared;
        this.jdbcUrl = jdbcUrl;
        this.extra = List.of(extra);
    }

    /** Homes under {@code root}; staging, archive, rejected and the lake under {@code sharedUri} (hdfs://...). */
    static ClusterHomes shared(Path root, String sharedUri, String jdbcUrl, String... extra) {
        return new ClusterHomes(root, sharedUri, jdbcUrl, extra);
    }

    /** staging, archive, rejected or lake: where every node finds it. */
    String sharedDir(String name) {
        return shared + "/" + name;
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
                "staging.dir=" + sharedDir("staging"),
                "archive.dir=" + sharedDir("archive"),
                "rejected.dir=" + sharedDir("rejected"),
                "lake.dir=" + sharedDir("lake"),
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
