package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngesterTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path home;

    private IngestReport ingest(DuckDockConfig config) {
        return TestHomes.ingestOnce(config);
    }

    private DuckDockConfig config(String... keyValues) throws Exception {
        DuckDockConfig config = TestHomes.config(home, keyValues);
        config.layout().createDirectories();
        return config;
    }

    @Test
    void ingest_numbersEachConversationFromOneInTimestampOrder() throws Exception {
        DuckDockConfig config = config();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 3, 30, T0);

        IngestReport report = ingest(config);

        assertThat(report.eventsIngested()).isEqualTo(30);
        assertThat(report.filesIngested()).isEqualTo(1);
        String db = config.layout().database();
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM (SELECT conversation_id, sequence, "
                                + "row_number() OVER (PARTITION BY conversation_id ORDER BY \"timestamp\") AS expected "
                                + "FROM events) WHERE sequence <> expected"))
                .isZero();
        assertThat(Warehouses.count(db, "SELECT max(sequence) FROM events WHERE conversation_id = 'c-0'"))
                .isEqualTo(10);
    }

    @Test
    void ingest_continuesSequencesAndOffsetsAcrossBatches() throws Exception {
        DuckDockConfig config = config("ingest.max-files-per-batch", "1");
        Path staging = config.layout().staging();
        Parquet.events(staging.resolve("a.parquet"), "c", 2, 10, T0);
        Parquet.events(staging.resolve("b.parquet"), "c", 2, 10, T0 + 1_000_000_000L);
        Files.setLastModifiedTime(staging.resolve("a.parquet"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        IngestReport first = ingest(config);
        Parquet.events(staging.resolve("c.parquet"), "c", 2, 10, T0 + 2_000_000_000L);
        IngestReport second = ingest(config);

        assertThat(first.batches()).hasSize(2);
        assertThat(second.batches()).hasSize(1);
        String db = config.layout().database();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(30);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.count(db, "SELECT max(sequence) FROM events WHERE conversation_id = 'c-1'"))
                .isEqualTo(15);
        assertThat(Warehouses.rows(
                        db,
                        "SELECT min(event_offset), max(event_offset), count(DISTINCT event_offset) " + "FROM events"))
                .containsExactly(List.of("1", "30", "30"));
        assertThat(Warehouses.count(
                        db, "SELECT count(*) FROM events WHERE source_file = 'a.parquet' " + "AND event_offset > 10"))
                .isZero();
        assertThat(Warehouses.rows(db, "SELECT conversation_id, last_sequence FROM conversation_heads ORDER BY 1"))
                .containsExactly(List.of("c-0", "15"), List.of("c-1", "15"));
    }

    @Test
    void ingest_archivesFilesAndRecordsThemInTheLedger() throws Exception {
        DuckDockConfig config = config();
        Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 1, 5, T0);

        ingest(config);

        assertThat(config.layout().staging().resolve("a.parquet")).doesNotExist();
        try (Stream<Path> archived = Files.walk(config.layout().archive())) {
            assertThat(archived.filter(Files::isRegularFile)
                            .map(p -> p.getFileName().toString()))
                    .containsExactly("a.parquet");
        }
        assertThat(Warehouses.rows(
                        config.layout().database(),
                        "SELECT file_name, status, row_count, length(fingerprint), batch_id FROM ingest_files"))
                .containsExactly(List.of("a.parquet", "ingested", "5", "64", "1"));
        assertThat(
                        Warehouses.rows(
                                config.layout().database(),
                                "SELECT files_ingested, events_ingested, first_offset, last_offset, outcome FROM ingest_batches"))
                .containsExactly(List.of("1", "5", "1", "5", "ok"));
    }

    @Test
    void ingest_recordsSameContentUnderAnotherNameAsDuplicate() throws Exception {
        DuckDockConfig config = config();
        Path staging = config.layout().staging();
        Path original = Parquet.events(staging.resolve("a.parquet"), "c", 1, 5, T0);
        Path copy = Files.createTempFile(home, "copy", ".parquet");
        Files.copy(original, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ingest(config);

        Files.move(copy, staging.resolve("again.parquet"));
        IngestReport report = ingest(config);

        assertThat(report.filesDuplicate()).isEqualTo(1);
        assertThat(report.eventsIngested()).isZero();
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(5);
        assertThat(Warehouses.rows(
                        config.layout().database(), "SELECT file_name, status FROM ingest_files ORDER BY batch_id"))
                .containsExactly(List.of("a.parquet", "ingested"), List.of("again.parquet", "duplicate"));
        assertThat(staging.resolve("again.parquet")).doesNotExist();
    }

    @Test
    void ingest_storesAnEventRedeliveredInAnotherFileOnce() throws Exception {
        DuckDockConfig config = config();
        Path staging = config.layout().staging();
        String select = "SELECT ('00000000-0000-7000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID AS event_id, "
                + "'c' AS conversation_id, 'e' AS event_type, make_timestamp(" + T0 + " + i) AS \"timestamp\"";
        Parquet.write(staging.resolve("a.parquet"), select + ", 'a' AS extra FROM range(10) t(i)");
        Parquet.write(staging.resolve("b.parquet"), select + ", 'b' AS extra FROM range(5, 15) t(i)");
        ingest(config);
        Parquet.write(staging.resolve("c.parquet"), select + ", 'c' AS extra FROM range(12, 20) t(i)");

        IngestReport later = ingest(config);

        String db = config.layout().database();
        assertThat(Warehouses.count(db, "SELECT count(DISTINCT event_id) FROM events"))
                .isEqualTo(20);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(20);
        assertThat(later.eventsDeduplicated()).isEqualTo(3);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
    }

    @Test
    void ingest_finishesTheMoveOfAFileCommittedByAnInterruptedRun() throws Exception {
        DuckDockConfig config = config();
        Path staged = Parquet.events(config.layout().staging().resolve("a.parquet"), "c", 1, 5, T0);
        FileTime modified = Files.getLastModifiedTime(staged);
        ingest(config);
        Path archived;
        try (Stream<Path> files = Files.walk(config.layout().archive())) {
            archived = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        // as if the process died after the commit, before the move
        Files.move(archived, staged);
        Files.setLastModifiedTime(staged, modified);

        IngestReport report = ingest(config);

        assertThat(report.filesMoved()).isEqualTo(1);
        assertThat(report.batches()).isEmpty();
        assertThat(staged).doesNotExist();
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM events"))
                .isEqualTo(5);
        assertThat(Warehouses.count(config.layout().database(), "SELECT count(*) FROM ingest_files"))
                .isEqualTo(1);
    }

    @Test
    void ingest_neverListsHiddenTemporaryFiles() throws Exception {
        DuckDockConfig config = config();
        Parquet.events(config.layout().staging().resolve(".producer-1.parquet.tmp"), "c", 1, 5, T0);
        Parquet.events(config.layout().staging().resolve("_in-progress.parquet"), "c", 1, 5, T0);

        IngestReport report = ingest(config);

        assertThat(report.batches()).isEmpty();
        assertThat(config.layout().staging().resolve(".producer-1.parquet.tmp")).exists();
    }

    @Test
    void ingest_refusesAnInMemoryWarehouseOutsideTestsAndDemos() throws Exception {
        DuckDockConfig config = config("warehouse.path", ":memory:");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ingester.create(config))
                .isInstanceOf(IngestException.class)
                .hasMessageContaining("warehouse.path is ':memory:'")
                .hasMessageContaining("loses every ingested event");
    }
}
