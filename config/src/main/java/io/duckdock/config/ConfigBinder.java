package io.duckdock.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Builds the config records from typed values, one section at a time. */
final class ConfigBinder {
    private static final Pattern STORAGE_VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
    private static final Pattern CRON_FIELDS = Pattern.compile("\\s+");
    private static final String SIZE_EXAMPLES = " such as 512KB, 64MB or 1GB";
    private static final String POSITIVE_DURATION = "a duration > 0 such as 500ms, 5s, 2m, 1h or 7d";
    private static final String NON_NEGATIVE_DURATION = "a duration >= 0 such as 0s, 500ms, 5s, 2m, 1h or 7d";
    private static final String BOOLEAN = "true or false";

    private final ValueReader values;

    ConfigBinder(ValueReader values) {
        this.values = values;
    }

    DuckDockConfig bind(Path home, Map<String, String> env) {
        return new DuckDockConfig(
                layout(home),
                staging(),
                ingest(),
                warehouse(),
                lake(),
                query(),
                archive(),
                http(),
                hadoop(home, env),
                cluster(),
                values.sources());
    }

    private Layout layout(Path home) {
        String database = values.required(
                Keys.WAREHOUSE_PATH,
                ConfigBinder::localFile,
                text -> !text.isEmpty(),
                "a local file path relative to home or absolute, or :memory:"
                        + " (DuckDB opens only local files; a URI is not accepted)");
        Path spool = values.required(
                        Keys.INGEST_SPOOL_DIR,
                        ConfigBinder::localFile,
                        text -> !text.isEmpty(),
                        "a local directory path relative to home or absolute"
                                + " (DuckDB reads only local files; a URI is not accepted)")
                .transform(Path::of);
        Location lake = directory(Keys.LAKE_DIR, home);
        Location staging = directory(Keys.STAGING_DIR, home);
        Location archive = sameFileSystem(Keys.ARCHIVE_DIR, directory(Keys.ARCHIVE_DIR, home), staging);
        Location rejected = sameFileSystem(Keys.REJECTED_DIR, directory(Keys.REJECTED_DIR, home), staging);
        return Layout.resolve(home, staging, archive, rejected, lake, database, spool);
    }

    /** Files leave staging by one rename, which works only within one file system. */
    private Location sameFileSystem(ConfigKey key, Location location, Location staging) {
        if (!location.fileSystem().equals(staging.fileSystem())) {
            values.problem(key.name() + " = " + location + " is on " + location.fileSystem()
                    + " but staging.dir = " + staging + " is on " + staging.fileSystem()
                    + ": files leave staging by a rename, so put " + key.name()
                    + " on the same file system as staging.dir");
        }
        return location;
    }

    private HadoopConfig hadoop(Path home, Map<String, String> env) {
        Optional<Path> confDir = values.optional(
                Keys.HADOOP_CONF_DIR,
                text -> home.resolve(localFile(text)).normalize(),
                Files::isDirectory,
                "a local directory holding core-site.xml or hdfs-site.xml");
        String fromEnvironment =
                env.getOrDefault(HadoopConfig.CONF_DIR_VARIABLE, "").trim();
        if (confDir.isEmpty() && !fromEnvironment.isEmpty()) {
            confDir = values.environmentDirectory(
                    HadoopConfig.CONF_DIR_VARIABLE,
                    fromEnvironment,
                    "a local directory holding core-site.xml or hdfs-site.xml; unset it or set "
                            + Keys.HADOOP_CONF_DIR.name());
        }
        return new HadoopConfig(confDir, values.hadoopProperties());
    }

    /** A local path; text that starts like a URI ({@code scheme:}) is refused, never made a folder. */
    private static String localFile(String text) {
        if (Layout.IN_MEMORY.equals(text)) {
            return text;
        }
        if (Location.hasScheme(text)) {
            throw new IllegalArgumentException("a URI where a local path is needed: " + text);
        }
        return Path.of(text).toString();
    }

    private StagingConfig staging() {
        return new StagingConfig(
                wholeNumber(Keys.STAGING_MAX_ROWS_PER_FILE, 1),
                size(Keys.STAGING_MAX_BYTES_PER_FILE, StagingConfig.MIN_MAX_BYTES_PER_FILE),
                positiveDuration(Keys.STAGING_MAX_FILE_AGE),
                values.required(
                        Keys.STAGING_COMPRESSION,
                        text -> Compression.valueOf(text.toUpperCase(Locale.ROOT)),
                        c -> true,
                        "one of snappy, zstd, gzip, uncompressed"),
                positiveDuration(Keys.STAGING_TEMP_FILE_MAX_AGE),
                positiveDuration(Keys.STAGING_SWEEP_INTERVAL));
    }

    private IngestConfig ingest() {
        Optional<String> cron = values.optional(
                Keys.INGEST_CRON,
                Function.identity(),
                text -> CRON_FIELDS.split(text).length == 6 || CRON_FIELDS.split(text).length == 7,
                "a Quartz cron expression with 6 or 7 space-separated fields, such as '0 */5 * * * ?'");
        return new IngestConfig(
                bool(Keys.INGEST_ENABLED),
                wholeNumber(Keys.INGEST_MAX_FILES_PER_BATCH, 1),
                size(Keys.INGEST_MAX_BYTES_PER_BATCH, 1),
                positiveDuration(Keys.INGEST_INTERVAL),
                cron,
                nonNegativeDuration(Keys.INGEST_SETTLE_TIME),
                nonNegativeDuration(Keys.INGEST_LOCK_TIMEOUT),
                nonNegativeDuration(Keys.INGEST_DEDUP_WINDOW),
                wholeLong(Keys.INGEST_MAX_ROWS_PER_BATCH, 1));
    }

    private WarehouseConfig warehouse() {
        return new WarehouseConfig(
                values.required(
                        Keys.WAREHOUSE_STORAGE_COMPATIBILITY,
                        Function.identity(),
                        text -> WarehouseConfig.LATEST_STORAGE_COMPATIBILITY.equals(text)
                                || STORAGE_VERSION.matcher(text).matches(),
                        "'latest' or a version like v1.4.0"),
                values.optional(
                        Keys.WAREHOUSE_MEMORY_LIMIT,
                        Sizes::parse,
                        bytes -> bytes >= 1,
                        "empty (sized from the machine) or a size >= 1B" + SIZE_EXAMPLES),
                wholeNumber(Keys.WAREHOUSE_THREADS, 0),
                wholeNumber(Keys.WAREHOUSE_HOT_DAYS, 0),
                positiveDuration(Keys.WAREHOUSE_CHECKPOINT_INTERVAL));
    }

    private LakeConfig lake() {
        return new LakeConfig(
                bool(Keys.LAKE_ENABLED),
                size(Keys.LAKE_TARGET_FILE_SIZE, 1),
                positiveDuration(Keys.LAKE_COMPACTION_INTERVAL),
                positiveDuration(Keys.LAKE_SNAPSHOT_RETENTION),
                positiveDuration(Keys.LAKE_SNAPSHOT_EXPIRY_INTERVAL),
                positiveDuration(Keys.LAKE_ORPHAN_FILE_AGE),
                positiveDuration(Keys.LAKE_ORPHAN_CLEANUP_INTERVAL));
    }

    private QueryConfig query() {
        return new QueryConfig(positiveDuration(Keys.QUERY_TIMEOUT));
    }

    private ArchiveConfig archive() {
        return new ArchiveConfig(nonNegativeDuration(Keys.ARCHIVE_RETENTION));
    }

    private HttpConfig http() {
        return new HttpConfig(
                bool(Keys.HTTP_ENABLED),
                values.required(
                        Keys.HTTP_BIND, Function.identity(), text -> !text.isEmpty(), "a host name or IP address"),
                values.required(
                        Keys.HTTP_PORT,
                        Integer::parseInt,
                        port -> port >= 0 && port <= 65535,
                        "a whole number from 1 to 65535, or 0 for any free port"),
                values.optional(Keys.HTTP_TOKEN, Function.identity(), text -> true, "any text"));
    }

    private ClusterConfig cluster() {
        return new ClusterConfig(
                bool(Keys.CLUSTER_STANDBY),
                values.optional(
                        Keys.CLUSTER_JDBC_URL,
                        Function.identity(),
                        text -> text.startsWith("jdbc:postgresql:"),
                        "empty (no cluster) or a PostgreSQL JDBC URL such as jdbc:postgresql://db-host:5432/duckdock"),
                values.required(
                        Keys.CLUSTER_USER, Function.identity(), text -> !text.isEmpty(), "a PostgreSQL user name"),
                values.optional(Keys.CLUSTER_PASSWORD, Function.identity(), text -> true, "any text"),
                positiveDuration(Keys.CLUSTER_CHECKIN_INTERVAL),
                positiveDuration(Keys.CLUSTER_POLL_INTERVAL),
                values.required(
                        Keys.CLUSTER_SESSION_TIMEOUT,
                        Durations::parse,
                        d -> d.toMillis() >= 1000,
                        "a duration >= 1s such as 5s, 10s or 1m"),
                positiveDuration(Keys.CLUSTER_REPLICA_INTERVAL));
    }

    private Location directory(ConfigKey key, Path home) {
        return values.required(key, text -> Location.parse(text, home), location -> true, Location.EXPECTED);
    }

    private int wholeNumber(ConfigKey key, int min) {
        return values.required(key, Integer::parseInt, n -> n >= min, "a whole number >= " + min);
    }

    private long wholeLong(ConfigKey key, long min) {
        return values.required(key, Long::parseLong, n -> n >= min, "a whole number >= " + min);
    }

    private long size(ConfigKey key, long min) {
        return values.required(
                key, Sizes::parse, bytes -> bytes >= min, "a size >= " + Sizes.format(min) + SIZE_EXAMPLES);
    }

    private Duration positiveDuration(ConfigKey key) {
        return values.required(key, Durations::parse, d -> !d.isZero(), POSITIVE_DURATION);
    }

    private Duration nonNegativeDuration(ConfigKey key) {
        return values.required(key, Durations::parse, d -> true, NON_NEGATIVE_DURATION);
    }

    private boolean bool(ConfigKey key) {
        return values.required(key, ConfigBinder::parseBoolean, b -> true, BOOLEAN);
    }

    private static boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("Invalid boolean '" + text + "': expected " + BOOLEAN);
    }
}
