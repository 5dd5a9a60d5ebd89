package io.duckdock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocationsAndDirectoriesTest {
    private static final String DIRECTORY_EXPECTED = "must be a local directory path (relative to"
            + " home or absolute), or a URI of a supported file system: hdfs://namenode:8020/path or"
            + " file:///absolute/path";

    @TempDir
    Path home;

    @Test
    void load_acceptsHdfsUrisForStagingArchiveAndRejected() {
        Layout layout = ConfigLoader.load(
                        home,
                        Map.of(),
                        Map.of(
                                "staging.dir", "hdfs://namenode:8020/events/staging/",
                                "archive.dir", "hdfs://namenode:8020/events/./archive",
                                "rejected.dir", "HDFS://namenode:8020/events/rejected"))
                .layout();

        assertThat(layout.stagingDir().uri()).isEqualTo(URI.create("hdfs://namenode:8020/events/staging"));
        assertThat(layout.archiveDir().uri()).isEqualTo(URI.create("hdfs://namenode:8020/events/archive"));
        assertThat(layout.rejectedDir().toString()).isEqualTo("hdfs://namenode:8020/events/rejected");
        assertThat(layout.stagingDir().isLocal()).isFalse();
        assertThat(layout.stagingDir().fileSystem()).isEqualTo("hdfs://namenode:8020");
        assertThat(layout.lakeDir().fileSystem()).isEqualTo("local");
    }

    @Test
    void load_refusesArchiveOrRejectedOnAnotherFileSystemThanStaging() {
        assertThat(problems(Map.of("staging.dir", "hdfs://nn:8020/s", "archive.dir", "hdfs://other:8020/a")))
                .containsExactlyInAnyOrder(
                        "archive.dir = hdfs://other:8020/a is on hdfs://other:8020 but staging.dir ="
                                + " hdfs://nn:8020/s is on hdfs://nn:8020: files leave staging by a rename, so put"
                                + " archive.dir on the same file system as staging.dir",
                        "rejected.dir = " + home.resolve("rejected") + " is on local but staging.dir ="
                                + " hdfs://nn:8020/s is on hdfs://nn:8020: files leave staging by a rename, so put"
                                + " rejected.dir on the same file system as staging.dir");
    }

    @Test
    void load_readsFileUrisAsLocalDirectories() {
        Layout layout = ConfigLoader.load(home, Map.of(), Map.of("staging.dir", "file://" + home.resolve("in")))
                .layout();

        assertThat(layout.stagingDir().isLocal()).isTrue();
        assertThat(layout.staging()).isEqualTo(home.resolve("in"));
    }

    @Test
    void load_neverTurnsAUriIntoALocalFolderNamedAfterItsScheme() {
        assertThat(problems(Map.of("staging.dir", "s3a://bucket/staging")))
                .containsExactly("staging.dir = 's3a://bucket/staging' (from command line): " + DIRECTORY_EXPECTED);
        assertThat(problems(Map.of("archive.dir", "hdfs:relative")))
                .containsExactly("archive.dir = 'hdfs:relative' (from command line): " + DIRECTORY_EXPECTED);
        assertThat(problems(Map.of("rejected.dir", "file:relative/dir")))
                .containsExactly("rejected.dir = 'file:relative/dir' (from command line): " + DIRECTORY_EXPECTED);
        assertThat(home.resolve("s3a:")).doesNotExist();
    }

    @Test
    void load_refusesAUriForTheWarehouseAndTheSpool() {
        assertThat(problems(Map.of(
                        "warehouse.path",
                        "hdfs://namenode:8020/w.duckdb",
                        "ingest.spool-dir",
                        "hdfs://namenode:8020/spool")))
                .containsExactlyInAnyOrder(
                        "warehouse.path = 'hdfs://namenode:8020/w.duckdb' (from command line): must be a local"
                                + " file path relative to home or absolute, or :memory: (DuckDB opens only local"
                                + " files; a URI is not accepted)",
                        "ingest.spool-dir = 'hdfs://namenode:8020/spool' (from command line): must be a local"
                                + " directory path relative to home or absolute (DuckDB reads only local files; a URI"
                                + " is not accepted)");
    }

    @Test
    void load_takesTheLakeOnAHadoopUriOrAFileUri() {
        Layout remote = ConfigLoader.load(home, Map.of(), Map.of("lake.dir", "hdfs://namenode:8020/events/lake/"))
                .layout();
        Layout local = ConfigLoader.load(home, Map.of(), Map.of("lake.dir", "file://" + home.resolve("parquet")))
                .layout();

        assertThat(remote.lakeDir().toString()).isEqualTo("hdfs://namenode:8020/events/lake");
        assertThat(remote.lakeDir().fileSystem()).isEqualTo("hdfs://namenode:8020");
        assertThat(local.lakeDir().isLocal()).isTrue();
        assertThat(local.lake()).isEqualTo(home.resolve("parquet"));
    }

    @Test
    void load_refusesALakeUriOfAnUnsupportedScheme() {
        assertThat(problems(Map.of("lake.dir", "s3a://bucket/lake")))
                .containsExactly("lake.dir = 's3a://bucket/lake' (from command line): " + DIRECTORY_EXPECTED);
        assertThat(problems(Map.of("lake.dir", "hdfs:lake")))
                .containsExactly("lake.dir = 'hdfs:lake' (from command line): " + DIRECTORY_EXPECTED);
        assertThat(home.resolve("s3a:")).doesNotExist();
    }

    @Test
    void load_takesTheHadoopConfDirFromTheEnvironmentUnlessTheKeyIsSet() throws IOException {
        Path fromEnv = Files.createDirectories(home.resolve("env-conf"));
        Path fromKey = Files.createDirectories(home.resolve("key-conf"));
        Map<String, String> env = Map.of("HADOOP_CONF_DIR", fromEnv.toString());

        assertThat(ConfigLoader.load(home, env, Map.of()).hadoop().confDir()).contains(fromEnv);
        assertThat(ConfigLoader.load(home, env, Map.of("hadoop.conf-dir", "key-conf"))
                        .hadoop()
                        .confDir())
                .contains(fromKey);
    }

    @Test
    void load_refusesAHadoopConfDirThatIsNotADirectory() {
        assertThat(problems(Map.of("HADOOP_CONF_DIR", "/nonexistent/conf"), Map.of("hadoop.property.", "x")))
                .containsExactlyInAnyOrder(
                        "Environment variable HADOOP_CONF_DIR = '/nonexistent/conf': must be a local directory"
                                + " holding core-site.xml or hdfs-site.xml; unset it or set hadoop.conf-dir",
                        "Configuration key 'hadoop.property.' (in command line) names no Hadoop property;"
                                + " write hadoop.property.<name>, e.g. hadoop.property.dfs.replication");
        assertThat(problems(Map.of(), Map.of("hadoop.conf-dir", "missing")))
                .containsExactly("hadoop.conf-dir = 'missing' (from command line): must be a local directory holding"
                        + " core-site.xml or hdfs-site.xml");
    }

    @Test
    void load_passesHadoopPropertiesThrough() {
        HadoopConfig hadoop = ConfigLoader.load(
                        home,
                        Map.of(),
                        Map.of(
                                "hadoop.property.dfs.client.use.datanode.hostname", " true ",
                                "hadoop.property.fs.defaultFS", "hdfs://nn:8020"))
                .hadoop();

        assertThat(hadoop)
                .isEqualTo(new HadoopConfig(
                        Optional.empty(),
                        Map.of("dfs.client.use.datanode.hostname", "true", "fs.defaultFS", "hdfs://nn:8020")));
    }

    @Test
    void createDirectories_refusesAFileConfiguredAsStaging() throws IOException {
        Path file = Files.writeString(home.resolve("hostname"), "x");
        Layout layout = ConfigLoader.load(home, Map.of(), Map.of("staging.dir", file.toString()))
                .layout();

        assertThatThrownBy(layout::createDirectories)
                .isInstanceOfSatisfying(
                        DuckDockException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION))
                .hasMessage(
                        "staging.dir = " + file + " is a file, not a directory; set staging.dir to" + " a directory");
    }

    @Test
    void createDirectories_refusesADirectoryBelowAFile() throws IOException {
        Path file = Files.writeString(home.resolve("hostname"), "x");
        Layout layout = ConfigLoader.load(home, Map.of(), Map.of("archive.dir", "hostname/archive"))
                .layout();

        assertThatThrownBy(layout::createDirectories)
                .isInstanceOf(DuckDockException.class)
                .hasMessage("archive.dir = " + file.resolve("archive") + " cannot be created because " + file
                        + " is a file, not a directory; set archive.dir to a directory");
    }

    @Test
    void createDirectories_refusesAReadOnlyDirectory() throws IOException {
        Path readOnly = readOnlyDirectory();
        Layout layout = ConfigLoader.load(home, Map.of(), Map.of("rejected.dir", readOnly.toString()))
                .layout();

        assertThatThrownBy(layout::createDirectories)
                .isInstanceOf(DuckDockException.class)
                .hasMessageStartingWith("rejected.dir = " + readOnly + " cannot be written (")
                .hasMessageEndingWith("): it is read-only or its disk is full; free space, give this"
                        + " user write access, or set rejected.dir to another directory");
    }

    @Test
    void createDirectories_refusesAHomeThatCannotBeCreated() throws IOException {
        Path home = readOnlyDirectory().resolve("duckdock-home");
        Layout layout = ConfigLoader.load(home, Map.of(), Map.of()).layout();

        assertThatThrownBy(layout::createDirectories)
                .isInstanceOf(DuckDockException.class)
                .hasMessageStartingWith("The DuckDock home " + home + " cannot be created (")
                .hasMessageEndingWith("); create it, or set home to a directory this user can write");
    }

    @Test
    void createDirectories_refusesAnUnreadableDirectory() throws IOException {
        assumeThat(System.getProperty("user.name"))
                .as("root reads every directory")
                .isNotEqualTo("root");
        Path unreadable = Files.createDirectories(home.resolve("unreadable"));
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("-w-------"));
        Layout layout = ConfigLoader.load(home, Map.of(), Map.of("staging.dir", "unreadable"))
                .layout();

        assertThatThrownBy(layout::createDirectories)
                .isInstanceOf(DuckDockException.class)
                .hasMessage("staging.dir = " + unreadable + " cannot be read by this user; give it read"
                        + " access or set staging.dir to another directory");
    }

    @Test
    void createDirectories_checksTheSpoolOnlyWhenStagingIsRemote() throws IOException {
        Path file = Files.writeString(home.resolve("spool-file"), "x");
        Map<String, String> remote = Map.of(
                "staging.dir",
                "hdfs://nn:8020/s",
                "archive.dir",
                "hdfs://nn:8020/a",
                "rejected.dir",
                "hdfs://nn:8020/r",
                "ingest.spool-dir",
                "spool-file");

        ConfigLoader.load(home, Map.of(), Map.of("ingest.spool-dir", "spool-file"))
                .layout()
                .createDirectories();
        Layout layout = ConfigLoader.load(home, Map.of(), remote).layout();

        assertThatThrownBy(layout::createDirectories)
                .isInstanceOf(DuckDockException.class)
                .hasMessage("ingest.spool-dir = " + file + " is a file, not a directory; set"
                        + " ingest.spool-dir to a directory");
    }

    @Test
    void requireExistingHome_namesTheMissingHome() {
        Layout layout =
                ConfigLoader.load(home.resolve("absent"), Map.of(), Map.of()).layout();

        assertThatThrownBy(layout::requireExistingHome)
                .isInstanceOf(DuckDockException.class)
                .hasMessage("The DuckDock home " + home.resolve("absent") + " does not exist; pass --home"
                        + " or set DUCKDOCK_HOME to the home an ingester writes, or run 'duckdock ingest'"
                        + " there first");
    }

    @Test
    void localAccessors_refuseARemoteDirectoryNamingTheKey() {
        Layout layout = ConfigLoader.load(
                        home,
                        Map.of(),
                        Map.of(
                                "staging.dir",
                                "hdfs://nn:8020/s",
                                "archive.dir",
                                "hdfs://nn:8020/a",
                                "rejected.dir",
                                "hdfs://nn:8020/r"))
                .layout();

        assertThatThrownBy(layout::staging)
                .isInstanceOf(DuckDockException.class)
                .hasMessage("staging.dir = hdfs://nn:8020/s is on hdfs://nn:8020, but this command works"
                        + " only on a local staging.dir; run it with a local staging.dir or use a command"
                        + " that reads remote directories (produce, stage, ingest, run, requeue, status)");
    }

    /**
     * A directory this process cannot write: permission bits for a normal user; as root, who
     * ignores them, the kernel's sysfs, where no one creates files.
     */
    private Path readOnlyDirectory() throws IOException {
        if (!System.getProperty("user.name").equals("root")) {
            Path dir = Files.createDirectories(home.resolve("read-only"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return dir;
        }
        Path sysfs = Path.of("/sys/fs");
        assumeThat(Files.isDirectory(sysfs)).as("sysfs is mounted").isTrue();
        return sysfs;
    }

    private List<String> problems(Map<String, String> cli) {
        return problems(Map.of(), cli);
    }

    private List<String> problems(Map<String, String> env, Map<String, String> cli) {
        assertThatThrownBy(() -> ConfigLoader.load(home, env, cli)).isInstanceOf(ConfigException.class);
        try {
            ConfigLoader.load(home, env, cli);
            throw new AssertionError("unreachable");
        } catch (ConfigException e) {
            return e.problems();
        }
    }
}
