package io.duckdock.ingest;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A committed (non-hidden) file in the staging directory, as listed.
 *
 * @param path      where it is
 * @param size      its size in bytes (of the link target for a symbolic link)
 * @param modified  last modification, truncated to microseconds
 * @param symlink   whether the directory entry is a symbolic link
 */
public record StagedFile(Path path, long size, Instant modified, boolean symlink) {
    public String name() {
        return path.getFileName().toString();
    }
}
