package io.duckdock.staging.hadoop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/** {@link StagingFileSystem} over the Hadoop FileSystem API. */
final class HadoopStagingFileSystem implements StagingFileSystem {
    /** A URI scheme of two or more characters, so that "C:\dir" stays a local path. */
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final FileSystem fs;
    private final Path dir;

    private HadoopStagingFileSystem(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    static HadoopStagingFileSystem open(String location, Configuration conf) throws IOException {
        URI uri = toUri(location);
        // Cached per scheme and user: shared with other users in this JVM, so never closed here.
        FileSystem fs = FileSystem.get(uri, conf);
        if (fs instanceof LocalFileSystem local) {
            fs = local.getRawFileSystem();
        }
        Path dir = fs.makeQualified(new Path(uri));
        if (!fs.mkdirs(dir)) {
            throw new IOException("Failed to create staging directory: " + dir);
        }
        return new HadoopStagingFileSystem(fs, dir);
    }

    private static URI toUri(String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new IOException("Staging directory must not be empty");
        }
        try {
            return URI_WITH_SCHEME.matcher(location).matches()
                    ? URI.create(location)
                    : Paths.get(location).toAbsolutePath().normalize().toUri();
        } catch (IllegalArgumentException e) {
            throw new IOException("Invalid staging directory '" + location + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public String pathOf(String name) {
        return new Path(dir, name).toString();
    }

    @Override
    public StagedOutput create(String name) throws IOException {
        Path path = new Path(dir, name);
        return new HadoopStagedOutput(fs.create(path, false));
    }

    @Override
    public boolean rename(String from, String to) throws IOException {
        return fs.rename(new Path(dir, from), new Path(dir, to));
    }

    @Override
    public boolean delete(String name) throws IOException {
        return fs.delete(new Path(dir, name), false);
    }

    @Override
    public List<StagedFileStatus> list() throws IOException {
        List<StagedFileStatus> files = new ArrayList<>();
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isFile()) {
                files.add(new StagedFileStatus(
                        status.getPath().getName(), status.getLen(), status.getModificationTime()));
            }
        }
        return files;
    }
}
