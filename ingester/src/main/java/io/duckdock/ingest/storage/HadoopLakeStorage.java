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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lake on a Hadoop file system (HDFS). DuckDB's files go through the local spool: a lake file is
 * downloaded there to be read, and a file DuckDB wrote there is uploaded beside its target under a
 * hidden name, then renamed in by {@link FileContext#rename} with {@link Options.Rename#NONE}, which
 * fails instead of returning false.
 */
final class HadoopLakeStorage implements LakeStorage {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopLakeStorage.class);

    private final Configuration conf;
    private final FileSystem fs;
    private final FileContext context;
    private final String root;
    private final Spool spool;

    private HadoopLakeStorage(Configuration conf, FileSystem fs, FileContext context, String root, Spool spool) {
        this.conf = conf;
        this.fs = fs;
        this.context = context;
        this.root = root;
        this.spool = spool;
    }

    /**
     * @throws DuckDockException (configuration) when the file system cannot be reached or set up
     */
    static HadoopLakeStorage open(Location lake, HadoopConfig hadoop, Spool spool) {
        Configuration conf = HadoopConfigurations.of(hadoop);
        try {
            // cached by Hadoop per scheme, authority and user, shared in this JVM: never closed here
            FileSystem fs = FileSystem.get(lake.uri(), conf);
            FileContext context = FileContext.getFileContext(fs.getUri(), conf);
            return new HadoopLakeStorage(conf, fs, context, lake.uri().toString(), spool);
        } catch (IOException e) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot open lake.dir = " + lake
                            + " (" + e.getMessage() + "); check the URI, that the file system is reachable,"
                            + " and hadoop.conf-dir or HADOOP_CONF_DIR",
                    e);
        }
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    @Override
    public Configuration configuration() {
        return conf;
    }

    @Override
    public LocalFile fetch(String location) throws IOException {
        SpoolFile copy = new SpoolFile(newSpoolFile());
        try (InputStream in = fs.open(new Path(location))) {
            Files.copy(in, copy.path(), StandardCopyOption.REPLACE_EXISTING);
        } catch (FileNotFoundException e) {
            NoSuchFileException missing = new NoSuchFileException(location);
            missing.initCause(e);
            release(copy, missing);
            throw missing;
        } catch (IOException | RuntimeException e) {
            release(copy, e);
            throw e;
        }
        return copy;
    }

    @Override
    public LocalFile create(String location) throws IOException {
        return new SpoolFile(newSpoolFile());
    }

    private java.nio.file.Path newSpoolFile() throws IOException {
        Files.createDirectories(spool.dir());
        // a plain name of its own, so DuckDB never reads one as a glob and two callers never share one
        java.nio.file.Path file = Files.createTempFile(spool.dir(), "lake-", ".parquet");
        Files.delete(file);
        return file;
    }

    @Override
    public void stage(LocalFile written, String location) throws IOException {
        upload(written, new Path(LakeStorage.staged(location)));
    }

    private void upload(LocalFile written, Path temp) throws IOException {
        try (written) {
            fs.mkdirs(temp.getParent());
            try (OutputStream out = fs.create(temp, true)) {
                Files.copy(written.path(), out);
            }
        } catch (IOException | RuntimeException e) {
            throw deleting(temp, "upload " + temp, e);
        }
    }

    /**
     * Deletes {@code temp} after {@code failure} (a cleanup failure is attached to it) and returns what
     * to throw: an I/O failure reworded to say what failed, any other as it is.
     */
    private IOException deleting(Path temp, String what, Exception failure) {
        try {
            fs.delete(temp, false);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
        if (failure instanceof IOException io) {
            return new IOException("Failed to " + what + ": " + io, io);
        }
        throw (RuntimeException) failure;
    }

    @Override
    public void publish(LocalFile written, String location, Runnable beforeRename) throws IOException {
        Path target = new Path(location);
        // a hidden name of this attempt's own: two writers (a deposed one and its successor) never upload
        // into the same file
        Path temp = new Path(LakeStorage.hidden(location, "." + UUID.randomUUID() + ".tmp"));
        upload(written, temp);
        try {
            beforeRename.run();
            // this rename is the publication
            try {
                context.rename(temp, target, Options.Rename.NONE);
            } catch (FileAlreadyExistsException e) {
                LOG.warn("lake: replacing {}, left by an attempt that was never published", target);
                if (!fs.delete(target, false)) {
                    throw new IOException("Failed to delete " + target + " before publishing a new version", e);
                }
                context.rename(temp, target, Options.Rename.NONE);
            }
        } catch (IOException | RuntimeException e) {
            throw deleting(temp, "publish " + location, e);
        }
    }

    @Override
    public boolean exists(String location) throws IOException {
        return fs.exists(new Path(location));
    }

    @Override
    public void copy(String from, String to) throws IOException {
        Path target = new Path(to);
        try (InputStream in = fs.open(new Path(from));
                OutputStream out = fs.create(target, true)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            throw deleting(target, "copy " + from + " to " + to, e);
        }
    }

    @Override
    public long size(String location) throws IOException {
        return fs.getFileStatus(new Path(location)).getLen();
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try {
            context.rename(new Path(from), new Path(to), Options.Rename.NONE);
        } catch (IOException e) {
            throw new IOException("Failed to rename " + from + " to " + to + ": " + e, e);
        }
    }

    @Override
    public boolean delete(String location) throws IOException {
        return fs.delete(new Path(location), false);
    }

    @Override
    public List<String> files(String location) throws IOException {
        return list(location, false);
    }

    @Override
    public List<String> directories(String location) throws IOException {
        return list(location, true);
    }

    private List<String> list(String location, boolean directories) throws IOException {
        List<String> names = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(new Path(location))) {
                if (status.isDirectory() == directories) {
                    names.add(status.getPath().getName());
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        }
        return names;
    }

    @Override
    public void clearSpool() throws IOException {
        spool.clear();
    }

    private static void release(LocalFile file, Exception failure) {
        try {
            file.close();
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    @Override
    public String toString() {
        return root;
    }

    /** A copy in the spool, deleted when released. */
    private record SpoolFile(java.nio.file.Path path) implements LocalFile {
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(path);
        }
    }
}
