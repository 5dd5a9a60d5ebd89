package io.duckdock.ingest;

import java.time.Instant;

/**
 * A committed (non-hidden) file in the staging directory, as listed.
 *
 * @param path      where it is: the absolute local path, or the URI on a remote file system
 * @param size      its size in bytes (of the link target for a symbolic link)
 * @param modified  last modification, truncated to microseconds
 * @param symlink   whether the directory entry is a symbolic link (never on a remote file system)
 */
public record StagedFile(String path, long size, Instant modified, boolean symlink) {
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
