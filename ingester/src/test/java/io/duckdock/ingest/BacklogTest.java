package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backlog larger than one batch drains batch after batch within the caps, in one run. */
class BacklogTest {
    private static final long T0 = 1_767_225_600_000_000L;

    @TempDir
    Path home;

    @Test
    void ingest_drainsABacklogInBatchesOfAtMostMaxRowsPerBatch() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-rows-per-batch", "250");
        config.layout().createDirectories();
        for (int f = 0; f < 7; f++) {
            Path file = Parquet.events(
                    config.layout().staging().resolve("f" + f + ".parquet"), "c", 5, 100, T0 + f * 1_000_000L);
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + f * 1000L));
        }

        IngestReport report = TestHomes.ingestOnce(config);

        assertThat(report.batches()).extracting(BatchResult::eventsIngested).containsExactly(200L, 200L, 200L, 100L);
        assertThat(report.eventsIngested()).isEqualTo(700);
        String database = config.layout().database();
        assertThat(Warehouses.count(database, "SELECT count(*) FROM events")).isEqualTo(700);
        assertThat(Warehouses.count(
                        database,
                        "SELECT count(*) FROM (SELECT conversation_id FROM events GROUP BY ALL "
                                + "HAVING max(sequence) <> count(*) OR count(DISTINCT sequence) <> count(*))"))
                .isZero();
        assertThat(Warehouses.count(database, "SELECT count(DISTINCT event_offset) FROM events"))
                .isEqualTo(700);
        try (var staged = Files.list(config.layout().staging())) {
            assertThat(staged.filter(p -> p.getFileName().toString().endsWith(".parquet")))
                    .isEmpty();
        }
    }

    @Test
    void ingest_givesAFileWithMoreRowsThanTheCapABatchOfItsOwn() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-rows-per-batch", "50");
        config.layout().createDirectories();
        Path big = Parquet.events(config.layout().staging().resolve("big.parquet"), "c", 5, 120, T0);
        Files.setLastModifiedTime(big, FileTime.fromMillis(1_700_000_000_000L));
        Path small = Parquet.events(config.layout().staging().resolve("small.parquet"), "d", 5, 10, T0);
        Files.setLastModifiedTime(small, FileTime.fromMillis(1_700_000_001_000L));

        IngestReport report = TestHomes.ingestOnce(config);

        assertThat(report.batches()).extracting(BatchResult::eventsIngested).containsExactly(120L, 10L);
    }
}
