package io.duckdock.ingest.lake;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.config.LakeConfig;
import io.duckdock.ingest.WriteFence;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import io.duckdock.ingest.lake.iceberg.LakeMaintenance;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parquet lake under {@code <lake>/events/event_date=YYYY-MM-DD/}, derived from the warehouse:
 * every committed batch is published there as immutable Parquet, small files are compacted, and
 * with a hot window old events leave the database once they are in the lake.
 *
 * <p>Reader guarantee: {@code read_parquet('<lake>/events/**}{@code /*.parquet', hive_partitioning = true)}
 * never returns an event twice nor a partial file (files appear by rename; hidden names start with
 * '.'). Outside a compaction of a partition it returns each published event of it exactly once.
 * All methods run on the single writer's connection, with the ingester lock held.
 *
 * <p>The lake may be on a Hadoop file system ({@code lake.dir = hdfs://...}): DuckDB then writes and
 * reads its files through the local spool ({@link LakeStorage}), and the glob is for engines that read
 * that file system (Spark, Trino) or a machine where it is mounted.
 */
public final class Lake {
    private static final Logger LOG = LoggerFactory.getLogger(Lake.class);

    /** Counts of one compaction pass. */
    public record Compaction(long filesBefore, long filesAfter) {}

    private final LakeConfig config;
    private final Supplier<LakeStorage> opener;
    /** lake.dir, for messages. */
    private final String where;

    private final Clock clock;
    private final WriteFence fence;
    private LakeStorage lake;
    private IcebergLake iceberg;
    private boolean leftoversRemoved;

    private Lake(LakeConfig config, Supplier<LakeStorage> opener, String where, Clock clock, WriteFence fence) {
        this.config = config;
        this.opener = opener;
        this.where = where;
        this.clock = clock;
        this.fence = fence;
    }

    /**
     * The lake's storage, opened on first use (a disabled lake never touches its file system), when
     * the spool copies a crashed process left are cleared.
     */
    private LakeStorage storage() throws IOException {
        if (lake == null) {
            LakeStorage opened = opener.get();
            opened.clearSpool();
            lake = opened;
        }
        return lake;
    }

    /** Before this process's first publication or compaction: the uploads a killed one left. */
    private void removeLeftovers(Connection connection) throws IOException, SQLException {
        if (!leftoversRemoved) {
            IcebergLake tables = iceberg();
            Set<String> named = tables.exists()
                    ? IcebergLake.currentFiles(tables.events()).stream()
                            .map(file -> LakePaths.key(file.location()))
                            .collect(Collectors.toSet())
                    : Set.of();
            LakeLeftovers.remove(storage(), connection, named);
            leftoversRemoved = true;
        }
    }

    /** The Iceberg tables, opened on first use, read afresh. */
    IcebergLake iceberg() throws IOException {
        if (iceberg == null) {
            LakeStorage storage = storage();
            iceberg = IcebergLake.at(storage.root(), storage.configuration()).forWriting();
        } else {
            iceberg.refresh();
        }
        return iceberg;
    }

    /** A local lake. */
    public static Lake of(LakeConfig config, Path lake, Clock clock) {
        return of(config, lake, clock, WriteFence.OPEN);
    }

    /** A local lake whose publications check {@code fence} just before each Iceberg commit. */
    public static Lake of(LakeConfig config, Path lake, Clock clock, WriteFence fence) {
        return new Lake(config, () -> LakeStorage.local(lake), lake.toString(), clock, fence);
    }

    /** The lake of {@code config}: lake.dir, local or on a Hadoop file system. */
    public static Lake of(DuckDockConfig config, Clock clock) {
        return of(config, clock, WriteFence.OPEN);
    }

    /**
     * The lake of {@code config}: lake.dir, local or on a Hadoop file system; its publications and
     * compactions check {@code fence} just before each Iceberg commit.
     */
    public static Lake of(DuckDockConfig config, Clock clock, WriteFence fence) {
        return new Lake(
                config.lake(),
                () -> LakeStorage.of(
                        config.layout().lakeDir(),
                        config.hadoop(),
                        config.layout().spool()),
                config.layout().lakeDir().toString(),
                clock,
                fence);
    }

    /** The glob analysts read the lake with (hive_partitioning = true). */
    public static String glob(Path lake) {
        return lake.resolve(LakePaths.EVENTS).toString().replace('\\', '/') + "/**/*.parquet";
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Publishes every committed batch the lake ledger does not list yet, oldest first.
     *
     * @return the batches published
     * @throws LakeException naming the batch when a file cannot be written or renamed
     */
    public int publishPending(Connection connection) {
        if (!config.enabled()) {
            return 0;
        }
        long batchId = -1;
        try {
            removeLeftovers(connection);
            LakePublisher publisher = new LakePublisher(connection, storage(), iceberg(), clock, fence);
            if (publisher.migrate()) {
                LOG.info("lake {}: registered the files published before the lake was an Iceberg table", lake);
            }
            int published = 0;
            for (long id : publisher.pending()) {
                batchId = id;
                long start = System.nanoTime();
                long rows = publisher.publish(id);
                LOG.debug(
                        "batch {}: published {} rows to the lake in {} ms",
                        id,
                        rows,
                        (System.nanoTime() - start) / 1_000_000);
                published++;
            }
            return published;
        } catch (LakeException | io.duckdock.ingest.FencedException e) {
            throw e;
        } catch (SQLException | IOException | RuntimeException e) {
            throw new LakeException(
                    "batch " + batchId + ": cannot publish to the lake " + where + ": " + e.getMessage()
                            + "; the next run retries",
                    e);
        }
    }

    /**
     * Merges small files of each partition into files of about lake.target-file-size, after
     * finishing any compaction a crash interrupted.
     *
     * @throws LakeException when a file cannot be written or renamed; the next pass repairs it
     */
    public Compaction compact(Connection connection) {
        if (!config.enabled()) {
            return new Compaction(0, 0);
        }
        // a deposed writer must not rename files of the lake its successor writes
        fence.check();
        try {
            removeLeftovers(connection);
            long[] counts = new LakeCompactor(
                            connection, storage(), iceberg(), config.targetFileSizeBytes(), clock, fence)
                    .compact();
            return new Compaction(counts[0], counts[1]);
        } catch (SQLException | IOException | RuntimeException e) {
            throw new LakeException(
                    "Cannot compact the lake " + where + ": " + e.getMessage()
                            + "; the next compaction finishes or undoes it",
                    e);
        }
    }

    /**
     * Expires the snapshots of the lake's tables older than lake.snapshot-retention (the current one
     * always stays) and the files only they named.
     *
     * @return snapshots expired
     */
    public int expireSnapshots() {
        if (!config.enabled()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(config.snapshotRetention());
        try {
            IcebergLake tables = iceberg();
            if (!tables.exists()) {
                return 0;
            }
            return LakeMaintenance.expireSnapshots(tables.events(), cutoff)
                    + LakeMaintenance.expireSnapshots(tables.files(), cutoff)
                    + LakeMaintenance.expireSnapshots(tables.batches(), cutoff);
        } catch (IOException | RuntimeException e) {
            throw new LakeException(
                    "Cannot expire the snapshots of the lake " + where + ": " + e.getMessage()
                            + "; the next expiry retries",
                    e);
        }
    }

    /**
     * Deletes files under the lake's tables that no snapshot names, older than lake.orphan-file-age.
     *
     * @return files deleted
     */
    public int deleteOrphans() {
        if (!config.enabled()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(config.orphanFileAge());
        try {
            IcebergLake tables = iceberg();
            if (!tables.exists()) {
                return 0;
            }
            Configuration conf = storage().configuration();
            return LakeMaintenance.deleteOrphans(tables.events(), cutoff, conf)
                    + LakeMaintenance.deleteOrphans(tables.files(), cutoff, conf)
                    + LakeMaintenance.deleteOrphans(tables.batches(), cutoff, conf);
        } catch (IOException | RuntimeException e) {
            throw new LakeException(
                    "Cannot delete orphan files of the lake " + where + ": " + e.getMessage()
                            + "; the next cleanup retries",
                    e);
        }
    }

    /**
     * Deletes from {@code events} the rows older than {@code hotDays} days whose batches are in the lake.
     *
     * @return rows deleted; 0 when hotDays is 0 or the lake is disabled (nothing may leave the database then)
     */
    public long purgeCold(Connection connection, int hotDays) {
        if (hotDays <= 0 || !config.enabled()) {
            return 0;
        }
        try {
            return new LakeRetention(connection, clock).purge(hotDays);
        } catch (SQLException e) {
            throw new LakeException(
                    "Cannot purge events older than " + hotDays + " days (warehouse.hot-days): " + e.getMessage(), e);
        }
    }
}
