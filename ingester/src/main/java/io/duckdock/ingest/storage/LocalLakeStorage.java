package io.duckdock.ingest.storage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** A lake on the local disk: DuckDB reads and writes its files in place, with no copy. */
final class LocalLakeStorage implements LakeStorage {
    private final Path lake;
    private final String root;

    LocalLakeStorage(Path lake) {
        this.lake = lake.toAbsolutePath().normalize();
        String uri = this.lake.toUri().toString();
        this.root = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    /**
     * Hadoop's default local file system writes a {@code .crc} file beside every file and checks it on
     * every read: twice the files per commit. The lake's files are written by DuckDB (no checksums)
     * and Iceberg's own metadata is small; the raw local file system reads and writes them as they are.
     */
    @Override
    public Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    static Path path(String location) {
        return Path.of(URI.create(location));
    }

    @Override
    public LocalFile fetch(String location) throws NoSuchFileException {
        Path file = path(location);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return new LocalFile() {
            @Override
            public Path path() {
                return file;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public LocalFile create(String location) throws IOException {
        Path target = path(location);
        Files.createDirectories(target.getParent());
        return new Written(path(LakeStorage.staged(location)));
    }

    @Override
    public void stage(LocalFile written, String location) {
        // DuckDB wrote it at its hidden name already
        ((Written) written).kept = true;
    }

    @Override
    public void publish(LocalFile written, String location, Runnable beforeRename) throws IOException {
        try (written) {
            beforeRename.run();
            move(written.path(), path(location));
        }
    }

    @Override
    public boolean exists(String location) {
        return Files.exists(path(location));
    }

    @Override
    public void copy(String from, String to) throws IOException {
        Path source = path(from);
        Path target = path(to);
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public long size(String location) throws IOException {
        return Files.size(path(location));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        move(path(from), path(to));
    }

    /** One rename(2): atomic, replacing the target. */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("Failed to rename " + from + " to " + to + ": " + e, e);
        }
    }

    @Override
    public boolean delete(String location) throws IOException {
        return Files.deleteIfExists(path(location));
    }

    @Override
    public List<String> files(String location) throws IOException {
        return list(location, false);
    }

    @Override
    public List<String> directories(String location) throws IOException {
        return list(location, true);
    }

    private static List<String> list(String location, boolean directories) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(path(location), p -> Files.isDirectory(p) == directories)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return names;
    }

    @Override
    public void clearSpool() {}

    @Override
    public String toString() {
        return lake.toString();
    }

    /** A file DuckDB writes under a hidden name beside its target; deleted unless staged or published. */
    private static final class Written implements LocalFile {
        private final Path path;
        private boolean kept;

        Written(Path path) {
            this.path = path;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public void close() throws IOException {
            if (!kept) {
                Files.deleteIfExists(path);
            }
        }
    }
}
