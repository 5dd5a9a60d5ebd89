package io.duckdock.ingest.lake.iceberg;

import io.duckdock.ingest.storage.LakeStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;

/**
 * The lake's three path-based Iceberg tables ({@code <lake>/events}, {@code <lake>/ingest_files},
 * {@code <lake>/ingest_batches}) on the lake's own Hadoop file system: no catalog service, the commit
 * is the rename of a new metadata file, which is safe with one committer (the ingester lock).
 *
 * <p>Every DuckDock commit names the batch in its snapshot summary ({@link #BATCH_ID}) and the highest
 * batch the table holds ({@link #LAST_BATCH_ID}), so the current snapshot alone tells what is published,
 * even after older snapshots expired. The {@code events} commit of a batch is its publication: the
 * ledger tables are written before it, and rows of batches above the events table's mark are not yet
 * published (a restore ignores them; the next publication replaces them).
 */
public final class IcebergLake {
    public static final String EVENTS = "events";
    public static final String FILES = "ingest_files";
    public static final String BATCHES = "ingest_batches";
    public static final String BATCH_ID = "duckdock.batch-id";
    public static final String LAST_BATCH_ID = "duckdock.last-batch-id";
    /** Summary key of a compaction's commits: {@code merge} swaps the rows, {@code rename} only moves a file. */
    public static final String COMPACTION = "duckdock.compaction";
    /** What the publishing writer had in the batch (see {@code BatchFingerprint}): tells its own batch from another's. */
    public static final String BATCH_FINGERPRINT = "duckdock.batch-fingerprint";

    /**
     * Iceberg's own worker pool shuts down in a JVM shutdown hook, which would fail the publication of
     * the batch a SIGTERM lets finish; DuckDock's operations use this pool of daemon threads instead.
     */
    static final ExecutorService WORKERS = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "duckdock-iceberg");
        thread.setDaemon(true);
        return thread;
    });

    private final String location;
    private final HadoopTables tables;
    private final Map<String, Table> open = new HashMap<>();
    private boolean writer;

    private IcebergLake(String location, Configuration conf) {
        this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        this.tables = new HadoopTables(conf);
    }

    /** The lake at {@code location}, any Hadoop file system URI ({@code file:/...}, {@code hdfs://...}). */
    public static IcebergLake at(String location, Configuration conf) {
        return new IcebergLake(location, conf);
    }

    /** The lake in a local directory. */
    public static IcebergLake at(java.nio.file.Path lake) {
        return at(LakeStorage.local(lake));
    }

    /** The lake on {@code storage}'s file system, opened with its Hadoop configuration. */
    public static IcebergLake at(LakeStorage storage) {
        return at(storage.root(), storage.configuration());
    }

    /** Location of a table, as engines open it. */
    public String location(String table) {
        return location + "/" + table;
    }

    public boolean exists() {
        return tables.exists(location(EVENTS));
    }

    public Table events() {
        return table(EVENTS, LakeSchemas.EVENTS, LakeSchemas.EVENTS_SPEC);
    }

    public Table files() {
        return table(FILES, LakeSchemas.FILES, PartitionSpec.unpartitioned());
    }

    public Table batches() {
        return table(BATCHES, LakeSchemas.BATCHES, PartitionSpec.unpartitioned());
    }

    private Table table(String name, Schema schema, PartitionSpec spec) {
        Table table = open.get(name);
        if (table != null) {
            return table;
        }
        String path = location(name);
        if (tables.exists(path)) {
            table = writer ? noRetries(tables.load(path)) : tables.load(path);
        } else {
            Map<String, String> properties = new HashMap<>();
            properties.put(TableProperties.FORMAT_VERSION, "2");
            properties.put(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema)));
            properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
            properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");
            properties.put(TableProperties.COMMIT_NUM_RETRIES, "0");
            table = tables.create(schema, spec, SortOrder.unsorted(), properties, path);
        }
        open.put(name, table);
        return table;
    }

    /**
     * Marks these tables as the writer's: a table created before commits were unretried gets the
     * property on first load. Readers (status, replicas, restore) never write the tables' metadata.
     */
    public IcebergLake forWriting() {
        writer = true;
        return this;
    }

    /**
     * Iceberg retries a commit that lost a race by applying it again on top of the other writer's:
     * with two writers (a deposed one among them) that would append a batch twice. With no retries
     * the losing commit fails instead.
     */
    private static Table noRetries(Table table) {
        if (!"0".equals(table.properties().get(TableProperties.COMMIT_NUM_RETRIES))) {
            table.updateProperties()
                    .set(TableProperties.COMMIT_NUM_RETRIES, "0")
                    .commit();
        }
        return table;
    }

    /**
     * Reads the current metadata of the tables opened so far. Between refreshes a table object stays
     * current through DuckDock's own commits, as DuckDock is the tables' only writer.
     */
    public void refresh() {
        open.values().forEach(Table::refresh);
    }

    /** The highest batch {@code table} holds: 0 when it holds none. */
    public static long publishedUpTo(Table table) {
        for (Snapshot snapshot = table.currentSnapshot();
                snapshot != null;
                snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            String mark = snapshot.summary().get(LAST_BATCH_ID);
            if (mark != null) {
                return Long.parseLong(mark);
            }
        }
        return 0;
    }

    /**
     * Appends a batch's event files in one commit, unless the table already holds the batch.
     *
     * @param fingerprint what the writer had in the batch, kept in the summary; null when unknown
     * @return whether this call committed (false: an earlier attempt did, e.g. before a crash)
     */
    public boolean appendEvents(long batchId, List<DataFile> files, String fingerprint) {
        Table events = events();
        if (publishedUpTo(events) >= batchId) {
            return false;
        }
        AppendFiles append = events.newAppend().scanManifestsWith(WORKERS);
        files.forEach(append::appendFile);
        append.set(BATCH_ID, Long.toString(batchId)).set(LAST_BATCH_ID, Long.toString(batchId));
        if (fingerprint != null) {
            append.set(BATCH_FINGERPRINT, fingerprint);
        }
        append.commit();
        return true;
    }

    /**
     * The fingerprint the events table's snapshot of {@code batchId} carries; empty when the snapshot
     * expired or carries none (published before fingerprints).
     */
    public static java.util.Optional<String> fingerprint(Table events, long batchId) {
        String id = Long.toString(batchId);
        for (Snapshot snapshot = events.currentSnapshot();
                snapshot != null;
                snapshot = snapshot.parentId() == null ? null : events.snapshot(snapshot.parentId())) {
            if (id.equals(snapshot.summary().get(BATCH_ID))) {
                return java.util.Optional.ofNullable(snapshot.summary().get(BATCH_FINGERPRINT));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * When each batch after {@code after} became visible in the events table (its snapshot's commit
     * time, epoch millis), from the snapshots still kept.
     */
    public static Map<Long, Long> publicationTimes(Table events, long after) {
        Map<Long, Long> times = new HashMap<>();
        for (Snapshot snapshot = events.currentSnapshot();
                snapshot != null;
                snapshot = snapshot.parentId() == null ? null : events.snapshot(snapshot.parentId())) {
            String id = snapshot.summary().get(BATCH_ID);
            if (id != null) {
                long batch = Long.parseLong(id);
                if (batch <= after) {
                    break;
                }
                times.put(batch, snapshot.timestampMillis());
            }
        }
        return times;
    }

    /**
     * Replaces a ledger table's rows of the batches after {@code after} by {@code file} (rows of the
     * batches {@code after + 1 .. batchId}) in one commit: rows an unpublished attempt left there are dropped.
     */
    public void replaceLedger(Table ledger, long after, long batchId, DataFile file) {
        if (publishedUpTo(ledger) <= after) {
            // the usual case: no attempt left rows above the mark, so nothing to drop and no manifest to scan
            AppendFiles append = ledger.newFastAppend().scanManifestsWith(WORKERS);
            if (file != null) {
                append.appendFile(file);
            }
            append.set(BATCH_ID, Long.toString(batchId))
                    .set(LAST_BATCH_ID, Long.toString(batchId))
                    .commit();
            return;
        }
        OverwriteFiles overwrite = ledger.newOverwrite()
                .scanManifestsWith(WORKERS)
                .overwriteByRowFilter(Expressions.greaterThan("batch_id", after));
        if (file != null) {
            overwrite.addFile(file);
        }
        overwrite
                .set(BATCH_ID, Long.toString(batchId))
                .set(LAST_BATCH_ID, Long.toString(batchId))
                .commit();
    }

    /**
     * Replaces {@code replaced} by {@code merged} in one rewrite commit of the events table, its summary
     * saying which step of a compaction it is ({@link #COMPACTION}: {@code merge} or {@code rename}).
     */
    public void rewriteEvents(List<DataFile> replaced, DataFile merged, String step) {
        Table events = events();
        RewriteFiles rewrite = events.newRewrite().scanManifestsWith(WORKERS);
        replaced.forEach(rewrite::deleteFile);
        rewrite.addFile(merged);
        rewrite.set(LAST_BATCH_ID, Long.toString(publishedUpTo(events)))
                .set(COMPACTION, step)
                .commit();
    }

    /** The data files of a table's current snapshot. */
    public static List<DataFile> currentFiles(Table table) {
        return currentFiles(table, Expressions.alwaysTrue());
    }

    /** The data files of the events table's current snapshot in the partition of {@code day}: no other manifest read. */
    public static List<DataFile> currentFiles(Table events, java.time.LocalDate day) {
        long start = day.atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L;
        long end = day.plusDays(1).atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L;
        return currentFiles(
                events,
                Expressions.and(
                        Expressions.greaterThanOrEqual("timestamp", start), Expressions.lessThan("timestamp", end)));
    }

    private static List<DataFile> currentFiles(Table table, org.apache.iceberg.expressions.Expression filter) {
        List<DataFile> files = new ArrayList<>();
        if (table.currentSnapshot() == null) {
            return files;
        }
        try (CloseableIterable<FileScanTask> tasks = table.newScan()
                .filter(filter)
                .includeColumnStats()
                .planWith(WORKERS)
                .planFiles()) {
            for (FileScanTask task : tasks) {
                files.add(task.file());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot list the files of " + table.location() + ": " + e, e);
        }
        return files;
    }
}
