package io.duckdock.staging.hadoop;

import io.duckdock.config.HadoopConfig;
import java.io.IOException;
import java.util.List;

/**
 * The file operations a staging writer needs, on one directory, with files addressed by name.
 * Implementations report failures as {@link IOException}; the caller turns them into
 * {@code StagingException}s naming the file.
 */
public interface StagingFileSystem {

    /**
     * Opens the staging directory, creating it when missing.
     *
     * @param location a local path or any Hadoop URI; {@code file:} uses the raw local file
     *     system, so no {@code .crc} side files appear
     * @throws IOException if the directory cannot be created or the scheme is unknown
     */
    static StagingFileSystem open(String location) throws IOException {
        return open(location, HadoopConfig.defaults());
    }

    /**
     * Opens the staging directory with the given Hadoop client settings (site files, properties),
     * creating it when missing.
     *
     * @param location a local path or a Hadoop URI such as {@code hdfs://namenode:8020/staging}
     * @throws IOException if the directory cannot be created or the scheme is unknown
     */
    static StagingFileSystem open(String location, HadoopConfig hadoop) throws IOException {
        return HadoopStagingFileSystem.open(location, HadoopConfigurations.of(hadoop));
    }

    /** The qualified directory, for messages. */
    String location();

    /** The qualified path of {@code name}, for messages. */
    String pathOf(String name);

    /** Creates a new file; fails if it exists. */
    StagedOutput create(String name) throws IOException;

    /**
     * Renames {@code from} to {@code to} within the directory; on the local file system this is
     * atomic. Returns false when the file system refused without an exception.
     */
    boolean rename(String from, String to) throws IOException;

    /** Deletes a file; returns false if it did not exist or was not deleted. */
    boolean delete(String name) throws IOException;

    /** The plain files directly in the directory. */
    List<StagedFileStatus> list() throws IOException;
}
