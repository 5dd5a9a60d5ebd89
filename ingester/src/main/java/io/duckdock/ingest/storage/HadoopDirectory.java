package io.duckdock.ingest.storage;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import io.duckdock.staging.hadoop.HadoopConfigurations;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A directory on a Hadoop file system (HDFS). Moves go through {@link FileContext#rename} with
 * {@link Options.Rename#NONE}, which fails instead of returning false: an atomic NameNode
 * operation that never replaces a file.
 */
final class HadoopDirectory implements Directory {
    /**
     * One parsed Hadoop configuration per settings: parsing Hadoop's default and site files takes
     * about 10 ms, and an ingest run opens three directories. Like Hadoop's own FileSystem cache,
     * this reads the site files once per process.
     */
    private static final Map<HadoopConfig, Configuration> CONFIGURATIONS = new ConcurrentHashMap<>();

    private final FileSystem fs;
    private final FileContext context;
    private final Path dir;

    private HadoopDirectory(FileSystem fs, FileContext context, Path dir) {
        this.fs = fs;
        this.context = context;
        this.dir = dir;
    }

    /**
     * @throws DuckDockException (configuration) when the file system cannot be reached or set up
     */
    static HadoopDirectory open(Location location, HadoopConfig hadoop) {
        Configuration conf = configuration(hadoop);
        try {
            // cached by Hadoop per scheme, authority and user, shared in this JVM: never closed here
            FileSystem fs = FileSystem.get(location.uri(), conf);
            Path dir = fs.makeQualified(new Path(location.uri()));
            return new HadoopDirectory(fs, FileContext.getFileContext(fs.getUri(), conf), dir);
        } catch (IOException e) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot open " + location
                            + " (" + e.getMessage() + "); check the URI, that the file system is reachable,"
                            + " and hadoop.conf-dir or HADOOP_CONF_DIR",
                    e);
        }
    }

    /** The parsed configuration of {@code hadoop}, shared by every directory opened with it. */
    static Configuration configuration(HadoopConfig hadoop) {
        return CONFIGURATIONS.computeIfAbsent(hadoop, HadoopConfigurations::of);
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public String pathOf(String name) {
        return new Path(dir, name).toString();
    }

    @Override
    public Optional<java.nio.file.Path> localPath() {
        return Optional.empty();
    }

    @Override
    public Directory child(String name) {
        return new HadoopDirectory(fs, context, new Path(dir, name));
    }

    @Override
    public void create() throws IOException {
        if (!fs.mkdirs(dir)) {
            throw new IOException("Failed to create directory: " + dir);
        }
    }

    @Override
    public List<Entry> files() throws IOException {
        List<Entry> files = new ArrayList<>();
        for (FileStatus status : list()) {
            if (status.isFile()) {
                files.add(new Entry(
                        status.getPath().getName(),
                        status.getLen(),
                        Instant.ofEpochMilli(status.getModificationTime()),
                        false));
            }
        }
        return files;
    }

    @Override
    public List<String> directories() throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus status : list()) {
            if (status.isDirectory()) {
                names.add(status.getPath().getName());
            }
        }
        return names;
    }

    private FileStatus[] list() throws IOException {
        try {
            return fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs.exists(new Path(dir, name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        try {
            return fs.open(new Path(dir, name));
        } catch (FileNotFoundException e) {
            throw noSuchFile(name, e);
        }
    }

    @Override
    public void move(String name, Directory target, String targetName) throws IOException {
        if (!(target instanceof HadoopDirectory remote) || !remote.fs.getUri().equals(fs.getUri())) {
            throw new IOException("Cannot move " + pathOf(name) + " to " + target.pathOf(targetName)
                    + ": not on the same file system");
        }
        Path source = new Path(dir, name);
        Path destination = new Path(remote.dir, targetName);
        try {
            context.rename(source, destination, Options.Rename.NONE);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            java.nio.file.FileAlreadyExistsException taken =
                    new java.nio.file.FileAlreadyExistsException(destination.toString());
            taken.initCause(e);
            throw taken;
        } catch (FileNotFoundException e) {
            if (!fs.exists(source)) {
                throw noSuchFile(name, e);
            }
            throw e;
        }
    }

    @Override
    public void writeText(String name, String text) throws IOException {
        try (OutputStream out = fs.create(new Path(dir, name), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public boolean delete(String name) throws IOException {
        return fs.delete(new Path(dir, name), false);
    }

    @Override
    public Removed deleteTree(String name) throws IOException {
        Path tree = new Path(dir, name);
        ContentSummary summary = fs.getContentSummary(tree);
        if (!fs.delete(tree, true)) {
            throw new IOException("Failed to delete " + tree);
        }
        return new Removed(summary.getFileCount(), summary.getLength());
    }

    @Override
    public void setModified(String name, Instant time) throws IOException {
        fs.setTimes(new Path(dir, name), time.toEpochMilli(), -1);
    }

    private NoSuchFileException noSuchFile(String name, IOException cause) {
        NoSuchFileException missing = new NoSuchFileException(pathOf(name));
        missing.initCause(cause);
        return missing;
    }

    @Override
    public String toString() {
        return location();
    }
}
