package io.duckdock.ingest.bench;

import io.duckdock.config.HadoopConfig;
import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import io.duckdock.staging.hadoop.HadoopConfigurations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The benchmark's files on HDFS: one folder of its own under the directory the operator named,
 * holding each set of source files, uploaded once. A run gets them by one directory rename into its
 * staging directory and gives them back the same way from its archive, so every run ingests the
 * same files and no run pays for uploading them. The folder is deleted on {@link #close}.
 */
final class HdfsStaging implements AutoCloseable {
    /** Closing a file waits for the NameNode to see its block (retries start at 400 ms): mostly waiting. */
    private static final int UPLOADERS = 32;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final FileSystem fs;
    private final Path root;

    private HdfsStaging(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /**
     * Creates {@code <base>/duckdock-bench-<time>-<random>}.
     *
     * @throws DuckDockException (configuration) naming the URI when the file system cannot be reached
     */
    static HdfsStaging create(String base, HadoopConfig hadoop) {
        URI uri = URI.create(base);
        String name = "duckdock-bench-" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        try {
            // cached by Hadoop and shared with the ingester in this JVM: never closed here
            FileSystem fs = FileSystem.get(uri, HadoopConfigurations.of(hadoop));
            Path root = fs.makeQualified(new Path(new Path(uri), name));
            if (!fs.mkdirs(root)) {
                throw new IOException("mkdirs returned false");
            }
            return new HdfsStaging(fs, root);
        } catch (IOException e) {
            throw new DuckDockException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot create the benchmark's directory under " + base + " (" + e.getMessage()
                            + "); check the URI, that the cluster is reachable and writable, and hadoop.conf-dir or "
                            + "HADOOP_CONF_DIR",
                    e);
        }
    }

    /** The URI of the benchmark's folder. */
    String location() {
        return root.toString();
    }

    /** The URI of {@code name} inside the benchmark's folder. */
    String uri(String name) {
        return new Path(root, name).toString();
    }

    /** Copies the local {@code files} into the folder {@code source}, {@value #UPLOADERS} at a time. */
    void upload(List<java.nio.file.Path> files, String source) {
        Path dir = new Path(root, source);
        ForkJoinPool uploaders = new ForkJoinPool(UPLOADERS);
        try {
            mkdirs(dir);
            uploaders
                    .submit(() -> files.parallelStream().forEach(file -> upload(file, dir)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while uploading benchmark files to " + dir, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot upload benchmark files to " + dir + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            uploaders.shutdown();
        }
    }

    private void upload(java.nio.file.Path file, Path dir) {
        try {
            fs.copyFromLocalFile(
                    false,
                    false,
                    new Path(file.toUri()),
                    new Path(dir, file.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot upload " + file + " to " + dir, e);
        }
    }

    /** Makes the files of {@code source} the staging directory {@code <run>/staging}: one rename. */
    void stage(String source, String run) {
        mkdirs(new Path(root, run));
        rename(new Path(root, source), new Path(root, run + "/staging"));
    }

    /**
     * Gives the files a run archived back to {@code source}: its archive's day folder by one rename
     * (a run across midnight UTC has two; the second's files are moved one by one), then deletes the
     * run's folder.
     */
    void unstage(String run, String source) {
        try {
            FileStatus[] days = fs.listStatus(new Path(root, run + "/archive"));
            Path back = new Path(root, source);
            for (int d = 0; d < days.length; d++) {
                if (d == 0) {
                    rename(days[d].getPath(), back);
                    continue;
                }
                for (FileStatus file : fs.listStatus(days[d].getPath())) {
                    rename(file.getPath(), new Path(back, file.getPath().getName()));
                }
            }
            fs.delete(new Path(root, run), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot take the archived files of " + uri(run) + " back", e);
        }
    }

    /** The number of files in {@code source}. */
    int count(String source) {
        try {
            return fs.listStatus(new Path(root, source)).length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rename(Path from, Path to) {
        try {
            if (!fs.rename(from, to)) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rename " + from + " to " + to, e);
        }
    }

    private void mkdirs(Path dir) {
        try {
            if (!fs.mkdirs(dir)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /** Deletes the benchmark's folder and everything in it. */
    @Override
    public void close() {
        try {
            fs.delete(root, true);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot delete the benchmark's directory " + root + "; delete it by hand", e);
        }
    }
}
