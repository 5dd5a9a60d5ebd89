package io.duckdock.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where DuckDock keeps its files. All paths are absolute and normalized; directories configured as
 * relative paths are resolved against {@link #home()}.
 *
 * @param database absolute path of the DuckDB file, or {@value #IN_MEMORY} for an in-memory database
 * @param lockFile {@code home/ingester.lock}, held by the single running ingester
 * @param propertiesFile {@code home/duckdock.properties}, the optional configuration file
 */
public record Layout(Path home, Path staging, Path archive, Path rejected, Path lake,
                     String database, Path lockFile, Path propertiesFile) {
  public static final String IN_MEMORY = ":memory:";
  public static final String DEFAULT_STAGING_DIR = "staging";
  public static final String DEFAULT_ARCHIVE_DIR = "archive";
  public static final String DEFAULT_REJECTED_DIR = "rejected";
  public static final String DEFAULT_LAKE_DIR = "lake";
  public static final String DEFAULT_DATABASE = "warehouse.duckdb";
  public static final String LOCK_FILE_NAME = "ingester.lock";
  public static final String PROPERTIES_FILE_NAME = "duckdock.properties";

  public Layout {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(staging, "staging");
    Objects.requireNonNull(archive, "archive");
    Objects.requireNonNull(rejected, "rejected");
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(lockFile, "lockFile");
    Objects.requireNonNull(propertiesFile, "propertiesFile");
  }

  /**
   * Resolves the configured locations against {@code home}: absolute paths stay as they are,
   * relative ones are taken relative to {@code home}.
   */
  static Layout resolve(Path home, Path staging, Path archive, Path rejected, Path lake,
      String database) {
    Path root = home.toAbsolutePath().normalize();
    String resolvedDatabase = IN_MEMORY.equals(database)
        ? IN_MEMORY
        : root.resolve(database).normalize().toString();
    return new Layout(root, root.resolve(staging).normalize(), root.resolve(archive).normalize(),
        root.resolve(rejected).normalize(), root.resolve(lake).normalize(), resolvedDatabase,
        root.resolve(LOCK_FILE_NAME), root.resolve(PROPERTIES_FILE_NAME));
  }

  static Layout defaults(Path home) {
    return resolve(home, Path.of(DEFAULT_STAGING_DIR), Path.of(DEFAULT_ARCHIVE_DIR),
        Path.of(DEFAULT_REJECTED_DIR), Path.of(DEFAULT_LAKE_DIR), DEFAULT_DATABASE);
  }

  /** True if the warehouse is an in-memory DuckDB database ({@value #IN_MEMORY}). */
  public boolean inMemoryDatabase() {
    return IN_MEMORY.equals(database);
  }

  /**
   * Creates home, staging, archive, rejected and lake directories, and the directory holding the
   * database file unless the database is in memory. Existing directories are left alone.
   *
   * @throws IOException if a directory cannot be created (e.g. a file is in the way)
   */
  public void createDirectories() throws IOException {
    for (Path dir : new Path[] {home, staging, archive, rejected, lake}) {
      Files.createDirectories(dir);
    }
    if (!inMemoryDatabase()) {
      Path parent = Path.of(database).getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    }
  }
}
