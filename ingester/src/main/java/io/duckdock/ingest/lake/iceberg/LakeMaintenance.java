package io.duckdock.ingest.lake.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot expiry and orphan-file cleanup of the lake's tables, on the tables' own file system.
 * Both run in the single writer's turn, never beside a publication or compaction.
 */
public final class LakeMaintenance {
    private static final Logger LOG = LoggerFactory.getLogger(LakeMaintenance.class);

    private LakeMaintenance() {}

    /**
     * Expires the snapshots committed before {@code olderThan}, always keeping the current one, and
     * deletes the files only they named.
     *
     * @return snapshots expired
     */
    public static int expireSnapshots(Table table, Instant olderThan) {
        int before = count(table);
        table.expireSnapshots()
                .expireOlderThan(olderThan.toEpochMilli())
                .retainLast(1)
                .cleanExpiredFiles(true)
                .planWith(IcebergLake.WORKERS)
                .executeDeleteWith(IcebergLake.WORKERS)
                .commit();
        table.refresh();
        return before - count(table);
    }

    /**
     * Deletes files under the table's location that neither the table's metadata nor any of its
     * snapshots names and that were last modified before {@code olderThan}: files of publications
     * and compactions a crash left behind, and metadata of failed commits.
     *
     * @return files deleted
     */
    public static int deleteOrphans(Table table, Instant olderThan, Configuration conf) {
        Set<String> named = named(table);
        Path root = new Path(table.location());
        int deleted = 0;
        try {
            FileSystem fs = root.getFileSystem(conf);
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            List<Path> orphans = new java.util.ArrayList<>();
            while (files.hasNext()) {
                LocatedFileStatus file = files.next();
                String path = file.getPath().toUri().getPath();
                if (file.getModificationTime() >= olderThan.toEpochMilli()
                        || named.contains(path)
                        || isChecksumOf(file.getPath(), named)
                        || isReplaced(file.getPath())) {
                    continue;
                }
                orphans.add(file.getPath());
            }
            for (Path orphan : orphans) {
                if (fs.delete(orphan, false)) {
                    deleted++;
                    LOG.info("lake {}: deleted orphan file {}", table.name(), orphan);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean orphan files under " + root + ": " + e, e);
        }
        return deleted;
    }

    /**
     * A file a compaction hid ({@code .name.replaced}) keeps its old modification time (a rename does not
     * change it) and belongs to the compaction's own repair, which puts it back or deletes it.
     */
    private static boolean isReplaced(Path file) {
        String name = file.getName();
        return name.startsWith(".") && (name.endsWith(".replaced") || name.endsWith(".replaced.crc"));
    }

    /** Hadoop's local file system writes a {@code .name.crc} beside each file it writes. */
    private static boolean isChecksumOf(Path file, Set<String> named) {
        String name = file.getName();
        if (!name.startsWith(".") || !name.endsWith(".crc")) {
            return false;
        }
        String base = name.substring(1, name.length() - ".crc".length());
        return named.contains(new Path(file.getParent(), base).toUri().getPath());
    }

    /** Paths (without scheme) of every file the table's metadata and snapshots name. */
    private static Set<String> named(Table table) {
        Set<String> named = new HashSet<>();
        ReachableFileUtil.metadataFileLocations(table, true).forEach(p -> named.add(pathOf(p)));
        named.add(pathOf(ReachableFileUtil.versionHintLocation(table)));
        ReachableFileUtil.manifestListLocations(table).forEach(p -> named.add(pathOf(p)));
        Set<String> manifests = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            for (ManifestFile manifest : snapshot.allManifests(table.io())) {
                if (!manifests.add(manifest.path())) {
                    continue;
                }
                named.add(pathOf(manifest.path()));
                try (CloseableIterable<DataFile> files = ManifestFiles.read(manifest, table.io())) {
                    files.forEach(f -> named.add(pathOf(f.location())));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read manifest " + manifest.path() + ": " + e, e);
                }
            }
        }
        return named;
    }

    private static String pathOf(String location) {
        return new Path(location).toUri().getPath();
    }

    private static int count(Table table) {
        int count = 0;
        for (Snapshot ignored : table.snapshots()) {
            count++;
        }
        return count;
    }
}
