package io.duckdock.ingest.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.BatchResult;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestHistoryTest {
    @TempDir
    Path home;

    @Test
    void recentBatches_readBackWhatTheIngesterReported_newestFirst() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "1");
        config.layout().createDirectories();
        List<IngestHistory.Batch> reported = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            Parquet.events(
                    config.layout().staging().resolve("f" + run + ".parquet"),
                    "c" + run,
                    1,
                    5 + run,
                    1_700_000_000_000_000L);
            IngestReport report = TestHomes.ingestOnce(config);
            for (BatchResult batch : report.batches()) {
                reported.add(0, IngestHistory.Batch.of(batch));
            }
        }

        List<IngestHistory.Batch> read;
        try (Connection warehouse = IngestHistory.openReadOnly(config.layout().database(), Duration.ofSeconds(1))
                .orElseThrow()) {
            read = IngestHistory.recentBatches(warehouse, 2);
        }

        assertThat(reported).extracting(IngestHistory.Batch::eventsIngested).containsExactly(7L, 6L, 5L);
        assertThat(read).isEqualTo(reported.subList(0, 2));
        assertThat(IngestHistory.recentBatchesOrNone(config.layout().database(), Duration.ZERO, 10))
                .isEqualTo(reported);
    }

    @Test
    void recentBatchesOrNone_isEmptyBeforeTheWarehouseExists() throws Exception {
        assertThat(IngestHistory.recentBatchesOrNone(
                        home.resolve("warehouse.duckdb").toString(), Duration.ZERO, 5))
                .isEmpty();
        assertThat(IngestHistory.openReadOnly(home.resolve("warehouse.duckdb").toString(), Duration.ZERO))
                .isEmpty();
        assertThat(home.resolve("warehouse.duckdb")).doesNotExist();
    }

    @Test
    void rejectedFiles_listsFilesStillRejected_newestFirst_withTheFirstLineOfTheirReason() throws Exception {
        Path rejected = Files.createDirectories(home.resolve("rejected"));
        reject(
                rejected,
                "old.parquet",
                "not a Parquet file\nFix the file, then ...",
                Instant.parse("2024-03-01T10:00:00Z"));
        reject(rejected, "new.parquet", "column timestamp missing\nFix ...", Instant.parse("2024-03-01T11:00:00Z"));
        Files.writeString(rejected.resolve("requeued.parquet.reason.txt"), "gone\n");

        assertThat(IngestHistory.rejectedFiles(rejected))
                .containsExactly(
                        new IngestHistory.RejectedFile(
                                "new.parquet", Instant.parse("2024-03-01T11:00:00Z"), "column timestamp missing"),
                        new IngestHistory.RejectedFile(
                                "old.parquet", Instant.parse("2024-03-01T10:00:00Z"), "not a Parquet file"));
        assertThat(IngestHistory.rejectedFiles(home.resolve("no-such-dir"))).isEmpty();
    }

    @Test
    void throughput_countsTheBatchesThatFinishedWithinTheWindow() {
        Instant now = Instant.parse("2024-03-01T10:05:00Z");
        List<IngestHistory.Batch> newestFirst = List.of(
                batch(3, now.minusSeconds(10), 100),
                batch(2, now.minusSeconds(300), 50),
                batch(1, now.minusSeconds(301), 1000));

        IngestHistory.Throughput throughput = IngestHistory.throughput(newestFirst, now, Duration.ofMinutes(5));

        assertThat(throughput).isEqualTo(new IngestHistory.Throughput(Duration.ofMinutes(5), 150, 2));
        assertThat(throughput.eventsPerSecond()).isEqualTo(0.5);
    }

    private static IngestHistory.Batch batch(long id, Instant finished, long events) {
        return new IngestHistory.Batch(id, finished, 1, 0, events, 1000, Duration.ofMillis(20));
    }

    private static void reject(Path dir, String name, String reason, Instant at) throws Exception {
        Files.writeString(dir.resolve(name), "bad");
        Path reasonFile = Files.writeString(dir.resolve(name + ".reason.txt"), reason + "\n");
        Files.setLastModifiedTime(reasonFile, FileTime.from(at));
    }
}
