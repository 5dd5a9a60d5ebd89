package io.duckdock.ingest.lake;

import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the lake holds, read from the current Iceberg snapshots alone: the published mark and the
 * files of each table (locations on the lake's file system). Opening it puts the event partitions back
 * in line with the snapshot: a file a compaction hid before its commit is renamed back, a visible
 * file the snapshot does not name (an unpublished batch, a merged file never committed, a file a compaction
 * replaced) is deleted, a merged file the snapshot names under its hidden name gets its visible one, so
 * that a glob reader does not see those events twice once the staged files they came from are
 * ingested again.
 */
final class LakeSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(LakeSnapshot.class);
    private static final int BATCH_ID_FIELD = 9;

    record EventFile(String location, String partition, long rows, long bytes, long minBatch, long maxBatch) {}

    private final long publishedUpTo;
    private final List<EventFile> events;
    private final List<String> files;
    private final List<String> batches;

    private LakeSnapshot(long publishedUpTo, List<EventFile> events, List<String> files, List<String> batches) {
        this.publishedUpTo = publishedUpTo;
        this.events = events;
        this.files = files;
        this.batches = batches;
    }

    /**
     * Reads the snapshot and puts the lake's files in line with it: for the lake's writer only (or a
     * process holding the only writer's lock), never while another node may be writing the lake.
     */
    static LakeSnapshot open(IcebergLake iceberg, LakeStorage storage) throws IOException {
        LakeSnapshot snapshot = read(iceberg);
        align(storage, new LakePaths(storage.root()).resolve(LakePaths.EVENTS), snapshot.events);
        // the warehouse that recorded any compaction in flight is gone: every hidden file the snapshot does not
        // name is stale
        Set<String> named = new HashSet<>();
        snapshot.events.forEach(file -> named.add(LakePaths.key(file.location())));
        LakeLeftovers.remove(storage, named);
        return snapshot;
    }

    /** Reads the snapshot and touches nothing: safe while another node writes the lake. */
    static LakeSnapshot read(IcebergLake iceberg) {
        Table table = iceberg.events();
        List<EventFile> events = new ArrayList<>();
        for (DataFile file : IcebergLake.currentFiles(table)) {
            String location = file.location();
            String partition = LakeStorage.name(LakeStorage.parent(location));
            events.add(new EventFile(
                    location, partition, file.recordCount(), file.fileSizeInBytes(), minBatch(file), maxBatch(file)));
        }
        return new LakeSnapshot(
                IcebergLake.publishedUpTo(table), events, locations(iceberg.files()), locations(iceberg.batches()));
    }

    long publishedUpTo() {
        return publishedUpTo;
    }

    List<EventFile> events() {
        return events;
    }

    List<String> files() {
        return files;
    }

    List<String> batches() {
        return batches;
    }

    long eventCount() {
        return events.stream().mapToLong(EventFile::rows).sum();
    }

    private static void align(LakeStorage storage, String eventsDir, List<EventFile> named) throws IOException {
        Set<String> keep = new HashSet<>();
        Map<String, String> merged = new LinkedHashMap<>();
        for (EventFile file : named) {
            keep.add(LakePaths.key(file.location()));
            CompactionSteps.visibleOf(file.location()).ifPresent(visible -> {
                keep.add(LakePaths.key(visible));
                merged.put(file.location(), visible);
            });
            String hidden = LakeStorage.hidden(file.location(), ".replaced");
            if (!storage.exists(file.location()) && storage.exists(hidden)) {
                LOG.warn("lake: undoing a compaction a crash interrupted: {} back in place", file.location());
                storage.rename(hidden, file.location());
            }
        }
        for (String dir : LakePaths.partitions(storage, eventsDir)) {
            for (String name : storage.files(dir)) {
                String stray = LakeStorage.child(dir, name);
                if (name.endsWith(".parquet") && !name.startsWith(".") && !keep.contains(LakePaths.key(stray))) {
                    LOG.warn(
                            "lake: deleting {}: no published snapshot names it (an unpublished batch or compaction)",
                            stray);
                    storage.delete(stray);
                }
            }
        }
        // a compaction cut between its two commits: the glob sees the merged events again (the writer's next
        // compaction moves the table's entry to the visible name)
        for (Map.Entry<String, String> file : merged.entrySet()) {
            CompactionSteps.show(storage, file.getKey(), file.getValue(), List.of(), CompactionSteps.Probe.NONE);
        }
    }

    private static List<String> locations(Table table) {
        return IcebergLake.currentFiles(table).stream().map(DataFile::location).toList();
    }

    static long minBatch(DataFile file) {
        return bound(file.lowerBounds().get(BATCH_ID_FIELD));
    }

    static long maxBatch(DataFile file) {
        return bound(file.upperBounds().get(BATCH_ID_FIELD));
    }

    private static long bound(java.nio.ByteBuffer buffer) {
        return buffer == null ? 0 : Conversions.<Long>fromByteBuffer(Types.LongType.get(), buffer);
    }
}
