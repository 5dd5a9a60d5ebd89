package io.duckdock.ingest.lake;

import io.duckdock.ingest.lake.iceberg.IcebergLake;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the lake holds, read from the current Iceberg snapshots alone: the published mark and the
 * local files of each table. Opening it puts the event partitions back in line with the snapshot:
 * a file a compaction hid before its commit is renamed back, and a visible file the snapshot does
 * not name (an unpublished batch, a merged file never committed) is deleted, so that a glob reader
 * does not see those events twice once the staged files they came from are ingested again.
 */
final class LakeSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(LakeSnapshot.class);
    private static final int BATCH_ID_FIELD = 9;

    record EventFile(Path path, String partition, long rows, long bytes, long minBatch, long maxBatch) {}

    private final long publishedUpTo;
    private final List<EventFile> events;
    private final List<Path> files;
    private final List<Path> batches;

    private LakeSnapshot(long publishedUpTo, List<EventFile> events, List<Path> files, List<Path> batches) {
        this.publishedUpTo = publishedUpTo;
        this.events = events;
        this.files = files;
        this.batches = batches;
    }

    static LakeSnapshot open(IcebergLake iceberg, Path lake) throws IOException {
        Table table = iceberg.events();
        List<EventFile> events = new ArrayList<>();
        for (DataFile file : IcebergLake.currentFiles(table)) {
            Path path = local(file.location());
            String partition = path.getParent().getFileName().toString();
            events.add(new EventFile(
                    path,
                    partition,
                    file.recordCount(),
                    file.fileSizeInBytes(),
                    bound(file.lowerBounds().get(BATCH_ID_FIELD)),
                    bound(file.upperBounds().get(BATCH_ID_FIELD))));
        }
        align(lake.resolve(IcebergLake.EVENTS), events);
        return new LakeSnapshot(
                IcebergLake.publishedUpTo(table), events, paths(iceberg.files()), paths(iceberg.batches()));
    }

    long publishedUpTo() {
        return publishedUpTo;
    }

    List<EventFile> events() {
        return events;
    }

    List<Path> files() {
        return files;
    }

    List<Path> batches() {
        return batches;
    }

    long eventCount() {
        return events.stream().mapToLong(EventFile::rows).sum();
    }

    private static void align(Path eventsDir, List<EventFile> named) throws IOException {
        Set<Path> keep = new HashSet<>();
        for (EventFile file : named) {
            keep.add(file.path());
            Path hidden = LakePaths.hidden(file.path(), ".replaced");
            if (!Files.exists(file.path()) && Files.exists(hidden)) {
                LOG.warn("lake: undoing a compaction a crash interrupted: {} back in place", file.path());
                LakePaths.rename(hidden, file.path(), false);
            }
        }
        List<Path> strays;
        try (Stream<Path> walk = Files.walk(eventsDir)) {
            strays = walk.filter(p -> p.getParent().getFileName().toString().startsWith("event_date="))
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !keep.contains(p))
                    .toList();
        }
        for (Path stray : strays) {
            LOG.warn("lake: deleting {}: no published snapshot names it (an unpublished batch or compaction)", stray);
            Files.delete(stray);
        }
    }

    private static List<Path> paths(Table table) {
        return IcebergLake.currentFiles(table).stream()
                .map(f -> local(f.location()))
                .toList();
    }

    static Path local(String location) {
        return Path.of(URI.create(location));
    }

    private static long bound(java.nio.ByteBuffer buffer) {
        return buffer == null ? 0 : Conversions.<Long>fromByteBuffer(Types.LongType.get(), buffer);
    }
}
