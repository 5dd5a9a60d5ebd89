package io.duckdock.ingest.storage;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One directory the ingester reads or moves files in, on the local disk or on a Hadoop file
 * system; files are addressed by name within it. The batch code uses this for local and remote
 * staging, archive and rejected directories alike.
 *
 * <p>Failures are {@link IOException}s in {@code java.nio.file} terms on both kinds: a missing file
 * is a {@link java.nio.file.NoSuchFileException}, a taken name a
 * {@link java.nio.file.FileAlreadyExistsException}.
 */
public interface Directory {
    /** A directory entry as listed. */
    record Entry(String name, long size, Instant modified, boolean symlink) {}

    /**
     * The directory for {@code location}: java.nio on local paths (no copy, symbolic links seen as
     * such), Hadoop's FileSystem for remote URIs.
     */
    static Directory of(Location location, HadoopConfig hadoop) {
        return location.isLocal() ? new LocalDirectory(location.localPath()) : HadoopDirectory.open(location, hadoop);
    }

    /** A local directory. */
    static Directory local(Path dir) {
        return new LocalDirectory(dir);
    }

    /** The local path or the URI, for messages. */
    String location();

    /** The full location of a file in it: the local absolute path or the URI (what the ledger records). */
    String pathOf(String name);

    /** The local directory, when it is one: DuckDB then reads files in place. */
    Optional<Path> localPath();

    /** A directory inside this one (which need not exist yet). */
    Directory child(String name);

    /** Creates the directory and its parents when missing. */
    void create() throws IOException;

    /** The files (not directories) directly inside, hidden names included; empty when the directory is missing. */
    List<Entry> files() throws IOException;

    /** The names of the directories directly inside; empty when the directory is missing. */
    List<String> directories() throws IOException;

    /** Whether a file or directory of that name exists (a dangling link counts). */
    boolean exists(String name) throws IOException;

    /** Opens a file for reading from its start. */
    InputStream open(String name) throws IOException;

    /**
     * Moves a file into {@code target} (a directory of the same file system) by one rename: the
     * move is all or nothing and never replaces a file.
     *
     * @throws java.nio.file.NoSuchFileException when the file is gone
     * @throws java.nio.file.FileAlreadyExistsException when {@code targetName} is taken
     */
    void move(String name, Directory target, String targetName) throws IOException;

    /** Writes a small UTF-8 text file, replacing one of that name. */
    void writeText(String name, String text) throws IOException;

    /** Deletes a file; false when it was not there. */
    boolean delete(String name) throws IOException;

    /**
     * Deletes a directory inside this one with everything under it.
     *
     * @return how many files and bytes went
     */
    Removed deleteTree(String name) throws IOException;

    /** Sets a file's modification time. */
    void setModified(String name, Instant time) throws IOException;

    /** What {@link #deleteTree} removed. */
    record Removed(long files, long bytes) {}
}
