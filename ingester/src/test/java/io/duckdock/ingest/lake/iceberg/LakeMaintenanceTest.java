package io.duckdock.ingest.lake.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.lake.Lake;
import io.duckdock.ingest.testing.IcebergReads;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeMaintenanceTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path home;

    private DuckDockConfig ingestThreeBatches() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "1");
        config.layout().createDirectories();
        for (int i = 0; i < 3; i++) {
            Parquet.events(config.layout().staging().resolve("f" + i + ".parquet"), "c", 2, 10, T0 + i * 1_000_000L);
        }
        TestHomes.ingestOnce(config);
        return config;
    }

    private static Clock later(Duration by) {
        return Clock.fixed(Instant.now().plus(by), ZoneOffset.UTC);
    }

    @Test
    void expireSnapshots_keepsTheCurrentSnapshotAndEveryEvent() throws Exception {
        DuckDockConfig config = ingestThreeBatches();
        Table before = IcebergLake.at(config.layout().lake()).events();
        assertThat(before.snapshots()).hasSize(3);

        int expired = Lake.of(config.lake(), config.layout().lake(), later(Duration.ofDays(2)))
                .expireSnapshots();

        Table events = IcebergLake.at(config.layout().lake()).events();
        assertThat(events.snapshots()).hasSize(1);
        assertThat(expired).isEqualTo(2 + 2 + 2);
        assertThat(IcebergLake.publishedUpTo(events)).isEqualTo(3);
        assertThat(IcebergReads.eventsPerBatch(events, null)).isEqualTo(Map.of(1L, 10L, 2L, 10L, 3L, 10L));
    }

    @Test
    void expireSnapshots_withinTheRetention_expiresNothing() throws Exception {
        DuckDockConfig config = ingestThreeBatches();

        int expired = Lake.of(config.lake(), config.layout().lake(), Clock.systemUTC())
                .expireSnapshots();

        assertThat(expired).isZero();
        assertThat(IcebergLake.at(config.layout().lake()).events().snapshots()).hasSize(3);
    }

    @Test
    void deleteOrphans_deletesOldFilesNoSnapshotNamesAndNothingElse() throws Exception {
        DuckDockConfig config = ingestThreeBatches();
        Path partition = config.layout().lake().resolve("events/event_date=2023-11-14");
        Path staleTemp = Files.writeString(partition.resolve(".batch-9.parquet.tmp"), "half a file");
        Path unpublished = Files.copy(partition.resolve("batch-1.parquet"), partition.resolve("batch-9.parquet"));
        Path young = Files.copy(partition.resolve("batch-1.parquet"), partition.resolve("batch-10.parquet"));
        // hidden by a compaction in flight: the rename kept its old time, and the compaction's repair owns it
        Path replaced =
                Files.copy(partition.resolve("batch-1.parquet"), partition.resolve(".batch-11.parquet.replaced"));
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(4)));
        Files.setLastModifiedTime(staleTemp, old);
        Files.setLastModifiedTime(unpublished, old);
        try (var walk = Files.walk(config.layout().lake())) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                if (!file.equals(young)) {
                    Files.setLastModifiedTime(file, old);
                }
            }
        }

        int deleted = Lake.of(config.lake(), config.layout().lake(), Clock.systemUTC())
                .deleteOrphans();

        assertThat(deleted).isEqualTo(2);
        assertThat(staleTemp).doesNotExist();
        assertThat(unpublished).doesNotExist();
        assertThat(young).exists();
        assertThat(replaced).exists();
        Files.delete(young);
        Files.delete(replaced);
        Table events = IcebergLake.at(config.layout().lake()).events();
        assertThat(IcebergReads.eventsPerBatch(events, null)).isEqualTo(Map.of(1L, 10L, 2L, 10L, 3L, 10L));
        assertThat(IcebergReads.rows(IcebergLake.at(config.layout().lake()).files(), "batch_id"))
                .containsExactly("1", "2", "3");
        assertThat(Warehouses.count(
                        config.layout().database(),
                        "SELECT count(*) FROM read_parquet('"
                                + Lake.glob(config.layout().lake()) + "')"))
                .isEqualTo(30);
    }
}
