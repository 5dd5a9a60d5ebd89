package io.duckdock.config;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a configured local directory is usable before anything is written into it, so a
 * misconfiguration ends in one sentence naming the key and path rather than a failure deep inside
 * a batch. A probe file is written and deleted: permission bits alone do not tell (root ignores
 * them; a full disk or read-only mount has writable bits).
 */
final class Directories {
    private static final String PROBE_PREFIX = ".duckdock-probe-";

    private Directories() {}

    /** Creates {@code location} when local and missing, then checks it; remote ones are left alone. */
    static void requireWritable(String key, Location location) {
        if (location.isLocal()) {
            requireWritable(key, location.localPath());
        }
    }

    static void requireWritable(String key, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw problem(key, dir, "is a file, not a directory; set " + key + " to a directory");
        }
        Path existing = dir.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw problem(
                    key,
                    dir,
                    "cannot be created because " + existing + " is a file, not a directory; set " + key
                            + " to a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw problem(
                    key,
                    dir,
                    "cannot be created (" + reason(e) + "); create it, or set " + key
                            + " to a directory this user can write");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw problem(
                    key,
                    dir,
                    "cannot be read by this user; give it read access or set " + key + " to another directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, PROBE_PREFIX, ".tmp"));
        } catch (IOException e) {
            throw problem(
                    key,
                    dir,
                    "cannot be written (" + reason(e) + "): it is read-only or its"
                            + " disk is full; free space, give this user write access, or set " + key
                            + " to another directory");
        }
    }

    private static String reason(IOException e) {
        String reason = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason();
        }
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    private static DuckDockException problem(String key, Path dir, String what) {
        String subject = key.equals("home") ? "The DuckDock home " + dir : key + " = " + dir;
        return new DuckDockException(ErrorCategory.CONFIGURATION, subject + " " + what);
    }
}
