package io.duckdock.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The table of every configuration key; defaults are rendered from the records' constants. */
final class Keys {
    static final ConfigKey STAGING_DIR = key(
            "staging.dir",
            Layout.DEFAULT_STAGING_DIR,
            "Directory producers write staged Parquet files to; relative to home, absolute, or a URI (hdfs://namenode:8020/path, file:///path).");
    static final ConfigKey ARCHIVE_DIR = key(
            "archive.dir",
            Layout.DEFAULT_ARCHIVE_DIR,
            "Directory ingested staged files are moved to; relative to home, absolute, or a URI (hdfs://..., file:///...).");
    static final ConfigKey REJECTED_DIR = key(
            "rejected.dir",
            Layout.DEFAULT_REJECTED_DIR,
            "Directory rejected staged files are moved to, each beside a .reason.txt; relative to home, absolute, or a URI (hdfs://..., file:///...).");
    static final ConfigKey LAKE_DIR = key(
            "lake.dir",
            Layout.DEFAULT_LAKE_DIR,
            "Directory of the Parquet lake (Iceberg tables); relative to home, absolute, or a URI (hdfs://..., file:///...).");
    static final ConfigKey WAREHOUSE_PATH = key(
            "warehouse.path",
            Layout.DEFAULT_DATABASE,
            "DuckDB database file; relative to home, absolute, or :memory:; always local (no URI).");
    static final ConfigKey INGEST_SPOOL_DIR = key(
            "ingest.spool-dir",
            Layout.DEFAULT_SPOOL_DIR,
            "Local directory where files from remote staging are copied for DuckDB to read, and deleted after the batch; relative to home or absolute.");
    static final ConfigKey HADOOP_CONF_DIR = key(
            "hadoop.conf-dir",
            "",
            "Directory with core-site.xml and hdfs-site.xml for hdfs:// directories; empty = the HADOOP_CONF_DIR environment variable, if set. Single Hadoop properties: hadoop.property.<name> = value.");

    static final ConfigKey STAGING_MAX_ROWS_PER_FILE = key(
            "staging.max-rows-per-file",
            StagingConfig.DEFAULT_MAX_ROWS_PER_FILE,
            "Rows after which a staged file is closed; >= 1.");
    static final ConfigKey STAGING_MAX_BYTES_PER_FILE = key(
            "staging.max-bytes-per-file",
            size(StagingConfig.DEFAULT_MAX_BYTES_PER_FILE),
            "Size after which a staged file is closed; >= " + size(StagingConfig.MIN_MAX_BYTES_PER_FILE) + ".");
    static final ConfigKey STAGING_MAX_FILE_AGE = key(
            "staging.max-file-age",
            StagingConfig.DEFAULT_MAX_FILE_AGE,
            "Age after which an open staged file is closed; > 0.");
    static final ConfigKey STAGING_COMPRESSION = key(
            "staging.compression",
            StagingConfig.DEFAULT_COMPRESSION.name().toLowerCase(Locale.ROOT),
            "Parquet compression of staged files: snappy, zstd, gzip or uncompressed.");
    static final ConfigKey STAGING_TEMP_FILE_MAX_AGE = key(
            "staging.temp-file-max-age",
            StagingConfig.DEFAULT_TEMP_FILE_MAX_AGE,
            "Hidden temp files older than this are left over from a crash and are deleted; > 0.");
    static final ConfigKey STAGING_SWEEP_INTERVAL = key(
            "staging.sweep-interval",
            StagingConfig.DEFAULT_SWEEP_INTERVAL,
            "How often stale temp files are swept; > 0.");

    static final ConfigKey INGEST_ENABLED = key(
            "ingest.enabled", IngestConfig.DEFAULT_ENABLED, "Whether this process runs the ingester: true or false.");
    static final ConfigKey INGEST_MAX_FILES_PER_BATCH = key(
            "ingest.max-files-per-batch",
            IngestConfig.DEFAULT_MAX_FILES_PER_BATCH,
            "Most staged files ingested in one batch; >= 1.");
    static final ConfigKey INGEST_MAX_BYTES_PER_BATCH = key(
            "ingest.max-bytes-per-batch",
            size(IngestConfig.DEFAULT_MAX_BYTES_PER_BATCH),
            "Most bytes of staged files ingested in one batch; > 0.");
    static final ConfigKey INGEST_MAX_ROWS_PER_BATCH = key(
            "ingest.max-rows-per-batch",
            IngestConfig.DEFAULT_MAX_ROWS_PER_BATCH,
            "Most rows (as the files' footers count them) ingested in one batch; >= 1. Bounds the memory a "
                    + "batch needs; a larger single file gets a batch of its own.");
    static final ConfigKey INGEST_INTERVAL = key(
            "ingest.interval",
            IngestConfig.DEFAULT_INTERVAL,
            "Time between ingest runs unless ingest.cron is set; > 0.");
    static final ConfigKey INGEST_CRON = key(
            "ingest.cron",
            "",
            "Quartz cron expression (6 or 7 fields) for ingest runs; replaces ingest.interval when set.");
    static final ConfigKey INGEST_SETTLE_TIME = key(
            "ingest.settle-time",
            IngestConfig.DEFAULT_SETTLE_TIME,
            "A staged file that is not a whole Parquet file yet is deferred, not rejected, while younger than this; >= 0.");
    static final ConfigKey INGEST_LOCK_TIMEOUT = key(
            "ingest.lock-timeout",
            IngestConfig.DEFAULT_LOCK_TIMEOUT,
            "How long a run retries while another process (e.g. a read-only analyst) holds the database file; >= 0.");
    // Written as 24h rather than the formatted 1d; a test checks it parses to the constant.
    static final ConfigKey INGEST_DEDUP_WINDOW = key(
            "ingest.dedup-window",
            "24h",
            "Events whose event_id was stored within this much ingestion time are dropped as re-deliveries; >= 0, 0 = off.");

    static final ConfigKey WAREHOUSE_STORAGE_COMPATIBILITY = key(
            "warehouse.storage-compatibility",
            WarehouseConfig.DEFAULT_STORAGE_COMPATIBILITY,
            "DuckDB storage compatibility version: v<major>.<minor>.<patch> or latest.");
    static final ConfigKey WAREHOUSE_MEMORY_LIMIT = key(
            "warehouse.memory-limit",
            "",
            "DuckDB memory limit as a size; empty = sized from the machine: a quarter of its memory, at most "
                    + "1GB.");
    static final ConfigKey WAREHOUSE_THREADS = key(
            "warehouse.threads", WarehouseConfig.DEFAULT_THREADS, "DuckDB worker threads; >= 0, 0 = DuckDB default.");
    static final ConfigKey WAREHOUSE_HOT_DAYS = key(
            "warehouse.hot-days",
            WarehouseConfig.DEFAULT_HOT_DAYS,
            "Days of events kept in the database; older ones, already in the lake, are deleted from it; >= 0, 0 = keep everything.");
    static final ConfigKey WAREHOUSE_CHECKPOINT_INTERVAL = key(
            "warehouse.checkpoint-interval",
            WarehouseConfig.DEFAULT_CHECKPOINT_INTERVAL,
            "How often the database is checkpointed; > 0.");

    static final ConfigKey LAKE_ENABLED = key(
            "lake.enabled",
            LakeConfig.DEFAULT_ENABLED,
            "Whether committed batches are published to the Parquet lake: true or false.");
    static final ConfigKey LAKE_TARGET_FILE_SIZE = key(
            "lake.target-file-size",
            size(LakeConfig.DEFAULT_TARGET_FILE_SIZE_BYTES),
            "Target size of lake files; > 0.");
    static final ConfigKey LAKE_COMPACTION_INTERVAL = key(
            "lake.compaction-interval",
            LakeConfig.DEFAULT_COMPACTION_INTERVAL,
            "How often small lake files are compacted; > 0.");
    static final ConfigKey LAKE_SNAPSHOT_RETENTION = key(
            "lake.snapshot-retention",
            LakeConfig.DEFAULT_SNAPSHOT_RETENTION,
            "How long the lake's Iceberg snapshots stay readable for time travel; older ones are expired; > 0.");
    static final ConfigKey LAKE_SNAPSHOT_EXPIRY_INTERVAL = key(
            "lake.snapshot-expiry-interval",
            LakeConfig.DEFAULT_SNAPSHOT_EXPIRY_INTERVAL,
            "How often the service expires old lake snapshots; > 0.");
    static final ConfigKey LAKE_ORPHAN_FILE_AGE = key(
            "lake.orphan-file-age",
            LakeConfig.DEFAULT_ORPHAN_FILE_AGE,
            "Lake files no snapshot names are deleted once older than this; > 0, longer than any publication.");
    static final ConfigKey LAKE_ORPHAN_CLEANUP_INTERVAL = key(
            "lake.orphan-cleanup-interval",
            LakeConfig.DEFAULT_ORPHAN_CLEANUP_INTERVAL,
            "How often the service deletes orphan lake files; > 0.");

    static final ConfigKey QUERY_TIMEOUT = key(
            "query.timeout",
            QueryConfig.DEFAULT_TIMEOUT,
            "How long one duckdock query may run before it is interrupted; > 0.");

    static final ConfigKey ARCHIVE_RETENTION = key(
            "archive.retention",
            ArchiveConfig.DEFAULT_RETENTION,
            "How long ingested staged files are kept in the archive; >= 0.");

    static final ConfigKey HTTP_ENABLED =
            key("http.enabled", HttpConfig.DEFAULT_ENABLED, "Whether the HTTP endpoint runs: true or false.");
    static final ConfigKey HTTP_BIND =
            key("http.bind", HttpConfig.DEFAULT_BIND, "Address the HTTP endpoint listens on.");
    static final ConfigKey HTTP_PORT =
            key("http.port", HttpConfig.DEFAULT_PORT, "Port of the HTTP endpoint; 1..65535, 0 = any free port.");
    static final ConfigKey HTTP_TOKEN =
            key("http.token", "", "Bearer token required by the HTTP endpoint; empty = no authentication.");

    static final ConfigKey CLUSTER_STANDBY = key(
            "cluster.standby",
            ClusterConfig.DEFAULT_STANDBY,
            "Whether duckdock run waits for the ingester lock held by another service on this home and "
                    + "takes over when that service dies, instead of exiting with code 4: true or false.");
    static final ConfigKey CLUSTER_JDBC_URL = key(
            "cluster.jdbc-url",
            "",
            "PostgreSQL JDBC URL of the cluster (jdbc:postgresql://host:5432/db); when set, duckdock run "
                    + "joins the cluster: one node ingests, the others stand by. Empty = no cluster.");
    static final ConfigKey CLUSTER_USER =
            key("cluster.user", ClusterConfig.DEFAULT_USER, "PostgreSQL user of the cluster database.");
    static final ConfigKey CLUSTER_PASSWORD =
            key("cluster.password", "", "Password of cluster.user; empty = none (e.g. trust or peer authentication).");
    static final ConfigKey CLUSTER_CHECKIN_INTERVAL = key(
            "cluster.checkin-interval",
            ClusterConfig.DEFAULT_CHECKIN_INTERVAL,
            "How often a node checks in with the clustered scheduler; a node silent for about this plus "
                    + "7.5s is declared dead and its shared jobs move to another node; > 0.");
    static final ConfigKey CLUSTER_POLL_INTERVAL = key(
            "cluster.poll-interval",
            ClusterConfig.DEFAULT_POLL_INTERVAL,
            "How often a standby tries to take over ingestion; bounds the takeover time after the active "
                    + "node dies; > 0.");
    static final ConfigKey CLUSTER_SESSION_TIMEOUT = key(
            "cluster.session-timeout",
            ClusterConfig.DEFAULT_SESSION_TIMEOUT,
            "How long the active node's PostgreSQL session may stay silent (paused, cut off) before "
                    + "PostgreSQL ends it and a standby takes over; >= 1s.");
    static final ConfigKey CLUSTER_REPLICA_INTERVAL = key(
            "cluster.replica-interval",
            ClusterConfig.DEFAULT_REPLICA_INTERVAL,
            "How often a standby node of a cluster applies the batches published in the shared lake to its "
                    + "own warehouse (its replica); bounds the replica's lag; > 0.");

    /** Every key, in documentation order. */
    static final List<ConfigKey> ALL = List.of(
            STAGING_DIR,
            ARCHIVE_DIR,
            REJECTED_DIR,
            LAKE_DIR,
            WAREHOUSE_PATH,
            INGEST_SPOOL_DIR,
            HADOOP_CONF_DIR,
            STAGING_MAX_ROWS_PER_FILE,
            STAGING_MAX_BYTES_PER_FILE,
            STAGING_MAX_FILE_AGE,
            STAGING_COMPRESSION,
            STAGING_TEMP_FILE_MAX_AGE,
            STAGING_SWEEP_INTERVAL,
            INGEST_ENABLED,
            INGEST_MAX_FILES_PER_BATCH,
            INGEST_MAX_BYTES_PER_BATCH,
            INGEST_MAX_ROWS_PER_BATCH,
            INGEST_INTERVAL,
            INGEST_CRON,
            INGEST_SETTLE_TIME,
            INGEST_LOCK_TIMEOUT,
            INGEST_DEDUP_WINDOW,
            WAREHOUSE_STORAGE_COMPATIBILITY,
            WAREHOUSE_MEMORY_LIMIT,
            WAREHOUSE_THREADS,
            WAREHOUSE_HOT_DAYS,
            WAREHOUSE_CHECKPOINT_INTERVAL,
            LAKE_ENABLED,
            LAKE_TARGET_FILE_SIZE,
            LAKE_COMPACTION_INTERVAL,
            LAKE_SNAPSHOT_RETENTION,
            LAKE_SNAPSHOT_EXPIRY_INTERVAL,
            LAKE_ORPHAN_FILE_AGE,
            LAKE_ORPHAN_CLEANUP_INTERVAL,
            QUERY_TIMEOUT,
            ARCHIVE_RETENTION,
            HTTP_ENABLED,
            HTTP_BIND,
            HTTP_PORT,
            HTTP_TOKEN,
            CLUSTER_STANDBY,
            CLUSTER_JDBC_URL,
            CLUSTER_USER,
            CLUSTER_PASSWORD,
            CLUSTER_CHECKIN_INTERVAL,
            CLUSTER_POLL_INTERVAL,
            CLUSTER_SESSION_TIMEOUT,
            CLUSTER_REPLICA_INTERVAL);

    static final Map<String, ConfigKey> BY_NAME = index(ConfigKey::name);
    static final Map<String, ConfigKey> BY_ENVIRONMENT_VARIABLE = index(ConfigKey::environmentVariable);

    private Keys() {}

    static Optional<ConfigKey> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Map<String, ConfigKey> index(Function<ConfigKey, String> name) {
        return ALL.stream().collect(Collectors.toUnmodifiableMap(name, Function.identity()));
    }

    private static ConfigKey key(String name, Object defaultValue, String description) {
        String text = defaultValue instanceof Duration
                ? Durations.format((Duration) defaultValue)
                : String.valueOf(defaultValue);
        return new ConfigKey(name, text, description);
    }

    private static String size(long bytes) {
        return Sizes.format(bytes);
    }
}
