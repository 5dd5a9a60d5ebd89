package io.duckdock.ingest.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local directory through java.nio. Not Hadoop's LocalFileSystem: that one writes {@code .crc}
 * side files and sees through symbolic links, which the ingester must judge as links.
 */
final class LocalDirectory implements Directory {
    private final Path dir;

    LocalDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public String pathOf(String name) {
        return dir.resolve(name).toString();
    }

    @Override
    public Optional<Path> localPath() {
        return Optional.of(dir);
    }

    @Override
    public Directory child(String name) {
        return new LocalDirectory(dir.resolve(name));
    }

    @Override
    public void create() throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public List<Entry> files() throws IOException {
        List<Entry> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                try {
                    BasicFileAttributes link =
                            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (link.isDirectory()) {
                        continue;
                    }
                    long size = link.size();
                    if (link.isSymbolicLink() && Files.exists(entry)) {
                        size = Files.size(entry);
                    }
                    files.add(new Entry(
                            entry.getFileName().toString(),
                            size,
                            link.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS),
                            link.isSymbolicLink()));
                } catch (NoSuchFileException vanished) {
                    // moved away by someone else between listing and reading
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return files;
    }

    @Override
    public List<String> directories() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return names;
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(dir.resolve(name));
    }

    @Override
    public void move(String name, Directory target, String targetName) throws IOException {
        if (!(target instanceof LocalDirectory local)) {
            throw new IOException("Cannot move " + pathOf(name) + " to " + target.pathOf(targetName)
                    + ": not on the same file system");
        }
        Path destination = local.dir.resolve(targetName);
        // rename(2) would replace an existing file: refuse first; the single writer is the only mover
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(destination.toString());
        }
        Files.move(dir.resolve(name), destination, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void writeText(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Override
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(dir.resolve(name));
    }

    @Override
    public Removed deleteTree(String name) throws IOException {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> entries = Files.walk(dir.resolve(name))) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files++;
                    bytes += Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .size();
                }
                Files.deleteIfExists(entry);
            }
        }
        return new Removed(files, bytes);
    }

    @Override
    public void setModified(String name, Instant time) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isSymbolicLink(file)) {
            Files.setLastModifiedTime(file, FileTime.from(time));
        }
    }

    @Override
    public String toString() {
        return location();
    }
}
