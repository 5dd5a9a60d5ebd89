package io.duckdock.ingest.storage;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The lake's files, on the local disk or on a Hadoop file system, addressed by location: the URI
 * Iceberg records ({@code file:/...}, {@code hdfs://...}). DuckDB reads and writes only local files:
 * {@link #fetch} gives a local path to read a lake file, {@link #create} a local path to write one
 * that {@link #publish} puts into the lake. On a local lake both are the lake's own paths (no copy);
 * on a remote lake they are spool files, deleted when released, one at a time per caller.
 */
public interface LakeStorage {
    /**
     * A local file standing for a lake file. Closing it releases it: a spool copy is deleted, a
     * created file that was never published is deleted, a local lake file is left alone.
     */
    interface LocalFile extends AutoCloseable {
        Path path();

        @Override
        void close() throws IOException;
    }

    /**
     * The storage of {@code lake}: java.nio in place for a local lake, Hadoop's FileSystem (with the
     * Configuration of DuckDock's hadoop settings) and copies in {@code <spool>/lake} for a remote one.
     */
    static LakeStorage of(Location lake, HadoopConfig hadoop, Path spool) {
        return lake.isLocal()
                ? new LocalLakeStorage(lake.localPath())
                : HadoopLakeStorage.open(lake, hadoop, new Spool(spool.resolve("lake")));
    }

    /**
     * Releases every file, even when releasing one fails.
     *
     * @throws IOException the first failure, with the others suppressed
     */
    static void release(List<? extends LocalFile> files) throws IOException {
        IOException failure = null;
        for (LocalFile file : files) {
            try {
                file.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A local lake. */
    static LakeStorage local(Path lake) {
        return new LocalLakeStorage(lake);
    }

    /** The lake directory's location, without a trailing slash. */
    String root();

    /** Whether the lake is on this machine's disk, so DuckDB can read its files in place. */
    boolean isLocal();

    /** The Hadoop configuration Iceberg opens the lake's tables with. */
    Configuration configuration();

    /**
     * A local path to read the lake file at {@code location}: the file itself on a local lake, a copy
     * in the spool on a remote one. Release it (close) when read.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file (no spool copy is left)
     */
    LocalFile fetch(String location) throws IOException;

    /**
     * A local path for DuckDB to write a file that {@link #publish} then puts at {@code location}: a
     * hidden name beside it on a local lake, a spool file on a remote one.
     */
    LocalFile create(String location) throws IOException;

    /**
     * Puts {@code written} beside {@code location} under the hidden name {@link #staged}: already there
     * on a local lake, uploaded on a remote one. {@code written} is released in every case.
     */
    void stage(LocalFile written, String location) throws IOException;

    /**
     * {@link #stage}, then the rename that makes the file visible at {@code location}, checked (on a
     * remote lake {@code Rename.NONE}: it fails instead of returning false). A file already at
     * {@code location} is replaced: callers publish only names no published snapshot refers to.
     * {@code written} is released in every case.
     */
    default void publish(LocalFile written, String location) throws IOException {
        publish(written, location, () -> {});
    }

    /**
     * {@link #publish(LocalFile, String)}, running {@code beforeRename} once the file is uploaded, just
     * before the rename: a check that throws there (a fence) leaves the lake untouched.
     */
    void publish(LocalFile written, String location, Runnable beforeRename) throws IOException;

    boolean exists(String location) throws IOException;

    /**
     * A second file with {@code from}'s bytes at {@code to} (replacing one there), complete when this
     * returns: a hard link on a local lake where its file system allows one (no bytes copied), a copy on
     * a remote one. Write it under a hidden name and {@link #rename} it in: a crash leaves a partial copy.
     */
    void copy(String from, String to) throws IOException;

    /** Size in bytes of a lake file. */
    long size(String location) throws IOException;

    /**
     * Renames a lake file within the lake, at once.
     *
     * @throws IOException naming both locations when the rename fails (the target is taken on a remote lake)
     */
    void rename(String from, String to) throws IOException;

    /** Deletes a lake file; false when it was not there. */
    boolean delete(String location) throws IOException;

    /** Names of the files directly in the directory at {@code location}, hidden ones included; empty when missing. */
    List<String> files(String location) throws IOException;

    /** Names of the directories directly in the directory at {@code location}; empty when missing. */
    List<String> directories(String location) throws IOException;

    /** Deletes spool copies a crashed process left; a no-op on a local lake. */
    void clearSpool() throws IOException;

    /** {@code dir/name} as a location. */
    static String child(String dir, String name) {
        return dir + "/" + name;
    }

    /** The name of the file at {@code location}. */
    static String name(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The directory {@code location} is in. */
    static String parent(String location) {
        return location.substring(0, location.lastIndexOf('/'));
    }

    /** Where {@link #stage} puts a file for {@code location}: {@code .name.tmp} beside it. */
    static String staged(String location) {
        return hidden(location, ".tmp");
    }

    /** {@code .name} + suffix beside the file at {@code location}: hidden from readers of the lake. */
    static String hidden(String location, String suffix) {
        return child(parent(location), "." + name(location) + suffix);
    }
}
