package io.duckdock.config;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where DuckDock keeps its files. Local paths are absolute and normalized; directories configured
 * as relative paths are resolved against {@link #home()}. Staging, archive, rejected and lake may
 * be on a remote Hadoop file system; the home, the database, the lock file and the spool are
 * always local.
 *
 * @param database absolute path of the DuckDB file, or {@value #IN_MEMORY} for an in-memory database
 * @param lockFile {@code home/ingester.lock}, held by the single running ingester
 * @param propertiesFile {@code home/duckdock.properties}, the optional configuration file
 * @param spool local directory where remote staged and lake files are copied for DuckDB to read or write
 */
public record Layout(
        Path home,
        Location stagingDir,
        Location archiveDir,
        Location rejectedDir,
        Location lakeDir,
        String database,
        Path lockFile,
        Path propertiesFile,
        Path spool) {
    public static final String IN_MEMORY = ":memory:";
    public static final String DEFAULT_STAGING_DIR = "staging";
    public static final String DEFAULT_ARCHIVE_DIR = "archive";
    public static final String DEFAULT_REJECTED_DIR = "rejected";
    public static final String DEFAULT_LAKE_DIR = "lake";
    public static final String DEFAULT_DATABASE = "warehouse.duckdb";
    public static final String DEFAULT_SPOOL_DIR = "spool";
    public static final String LOCK_FILE_NAME = "ingester.lock";
    public static final String PROPERTIES_FILE_NAME = "duckdock.properties";

    public Layout {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(stagingDir, "stagingDir");
        Objects.requireNonNull(archiveDir, "archiveDir");
        Objects.requireNonNull(rejectedDir, "rejectedDir");
        Objects.requireNonNull(lakeDir, "lakeDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(lockFile, "lockFile");
        Objects.requireNonNull(propertiesFile, "propertiesFile");
        Objects.requireNonNull(spool, "spool");
    }

    /**
     * Resolves the configured locations against {@code home}: absolute paths and URIs stay as they
     * are, relative paths are taken relative to {@code home}.
     */
    static Layout resolve(
            Path home,
            Location staging,
            Location archive,
            Location rejected,
            Location lake,
            String database,
            Path spool) {
        Path root = home.toAbsolutePath().normalize();
        String resolvedDatabase = IN_MEMORY.equals(database)
                ? IN_MEMORY
                : root.resolve(database).normalize().toString();
        return new Layout(
                root,
                staging,
                archive,
                rejected,
                lake,
                resolvedDatabase,
                root.resolve(LOCK_FILE_NAME),
                root.resolve(PROPERTIES_FILE_NAME),
                root.resolve(spool).normalize());
    }

    static Layout defaults(Path home) {
        Path root = home.toAbsolutePath().normalize();
        return resolve(
                root,
                Location.local(root.resolve(DEFAULT_STAGING_DIR)),
                Location.local(root.resolve(DEFAULT_ARCHIVE_DIR)),
                Location.local(root.resolve(DEFAULT_REJECTED_DIR)),
                Location.local(root.resolve(DEFAULT_LAKE_DIR)),
                DEFAULT_DATABASE,
                Path.of(DEFAULT_SPOOL_DIR));
    }

    /** The local staging directory; see {@link #localOnly}. */
    public Path staging() {
        return localOnly(Keys.STAGING_DIR.name(), stagingDir);
    }

    /** The local archive directory; see {@link #localOnly}. */
    public Path archive() {
        return localOnly(Keys.ARCHIVE_DIR.name(), archiveDir);
    }

    /** The local rejected directory; see {@link #localOnly}. */
    public Path rejected() {
        return localOnly(Keys.REJECTED_DIR.name(), rejectedDir);
    }

    /** The local lake directory; see {@link #localOnly}. */
    public Path lake() {
        return localOnly(Keys.LAKE_DIR.name(), lakeDir);
    }

    /** True if the warehouse is an in-memory DuckDB database ({@value #IN_MEMORY}). */
    public boolean inMemoryDatabase() {
        return IN_MEMORY.equals(database);
    }

    /**
     * Creates home, the local ones of staging, archive, rejected and lake, the spool when staging
     * or the lake is remote, and the directory holding the database file unless the database is in memory. Existing directories are left
     * alone; each must be a directory this process can read and write.
     *
     * @throws DuckDockException ({@link ErrorCategory#CONFIGURATION}) naming the key and path of a
     *     directory that is a file, cannot be created, read or written
     * @throws IOException never in practice; kept for callers written against the older contract
     */
    public void createDirectories() throws IOException {
        Directories.requireWritable("home", home);
        Directories.requireWritable(Keys.STAGING_DIR.name(), stagingDir);
        Directories.requireWritable(Keys.ARCHIVE_DIR.name(), archiveDir);
        Directories.requireWritable(Keys.REJECTED_DIR.name(), rejectedDir);
        Directories.requireWritable(Keys.LAKE_DIR.name(), lakeDir);
        if (!stagingDir.isLocal() || !lakeDir.isLocal()) {
            Directories.requireWritable(Keys.INGEST_SPOOL_DIR.name(), spool);
        }
        if (!inMemoryDatabase()) {
            Path parent = Path.of(database).getParent();
            if (parent != null) {
                Directories.requireWritable(Keys.WAREHOUSE_PATH.name(), parent);
            }
        }
    }

    /**
     * Fails unless the home directory exists, for commands that only read what an ingester wrote.
     *
     * @throws DuckDockException ({@link ErrorCategory#CONFIGURATION}) naming the home
     */
    public void requireExistingHome() {
        if (!Files.isDirectory(home)) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "The DuckDock home " + home
                            + (Files.exists(home) ? " is not a directory" : " does not exist")
                            + "; pass --home or set " + ConfigLoader.HOME_VARIABLE
                            + " to the home an ingester writes, or run 'duckdock ingest' there first");
        }
    }

    /**
     * A directory that must be local for the caller: DuckDB opens only local files, and not every
     * command reads remote directories yet.
     *
     * @throws DuckDockException ({@link ErrorCategory#CONFIGURATION}) naming the key when remote
     */
    private static Path localOnly(String key, Location location) {
        if (!location.isLocal()) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    key + " = " + location
                            + " is on " + location.fileSystem() + ", but this command works only on a local "
                            + key + "; run it with a local " + key + " or use a command that reads remote "
                            + "directories (produce, stage, ingest, run, requeue, status)");
        }
        return location.localPath();
    }
}
