package io.duckdock.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Cheap checks made before DuckDB reads a file: where a symbolic link points, and whether the
 * file starts and ends with the Parquet magic bytes. A file still being copied in fails the last.
 */
final class FileChecks {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Header magic, footer length and footer magic: no Parquet file is smaller. */
    private static final int MIN_PARQUET_SIZE = 12;

    private final Path stagingRealPath;

    FileChecks(Path stagingDir) {
        try {
            this.stagingRealPath = stagingDir.toRealPath();
        } catch (IOException e) {
            throw new IngestException("Cannot resolve the staging directory " + stagingDir, e);
        }
    }

    /** The reason the file cannot be a whole Parquet file inside staging, or empty when it may be one. */
    Optional<String> problem(StagedFile file) {
        if (file.symlink()) {
            Optional<String> link = symlinkProblem(file.path());
            if (link.isPresent()) {
                return link;
            }
        }
        if (file.size() == 0) {
            return Optional.of("is empty (0 bytes)");
        }
        if (file.size() < MIN_PARQUET_SIZE) {
            return Optional.of("is too small to be a Parquet file (" + file.size() + " bytes)");
        }
        return magicProblem(file.path(), file.size());
    }

    private Optional<String> symlinkProblem(Path link) {
        try {
            Path target = link.toRealPath();
            if (!target.startsWith(stagingRealPath)) {
                return Optional.of("is a symbolic link to " + target
                        + ", outside the staging directory; copy the file into staging instead");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("is a symbolic link whose target does not exist");
        }
    }

    private static Optional<String> magicProblem(Path path, long size) {
        try (FileChannel channel = FileChannel.open(path)) {
            if (!hasMagic(channel, 0)) {
                return Optional.of("is not a Parquet file (it does not start with the PAR1 magic bytes)");
            }
            if (!hasMagic(channel, size - MAGIC.length)) {
                return Optional.of("is not a whole Parquet file (no PAR1 magic bytes at the end: "
                        + "truncated, or still being written)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }

    private static boolean hasMagic(FileChannel channel, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return false;
            }
        }
        return java.util.Arrays.equals(buffer.array(), MAGIC);
    }
}
