package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.staging.testing.FaultInjectingFileSystem;
import io.duckdock.staging.testing.StagedEvents;
import io.duckdock.staging.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagingWriterTest {
    @TempDir
    Path dir;

    private StagingWriterBuilder builder() {
        return StagingWriter.builder(dir.toString()).producerId("p1").lanes(1);
    }

    @Test
    void close_publishesEventsThatReadBackUnchanged() {
        List<Event> events = List.of(
                TestEvents.numbered("a", 0),
                TestEvents.numbered("a", 1),
                Event.builder()
                        .conversationId("c")
                        .eventType("t")
                        .timestampMicros(-1)
                        .build());
        try (StagingWriter writer = builder().build()) {
            events.forEach(writer::write);
        }

        assertThat(StagedEvents.readAll(dir)).containsExactlyElementsOf(events);
    }

    @Test
    void close_publishesNonAsciiAndLargeValuesUnchanged() {
        String large = "\"" + "x".repeat(3 << 20) + "\"";
        List<Event> events = List.of(
                Event.builder()
                        .conversationId("gespr\u00e4ch-\u65e5\u672c")
                        .eventType("nachricht \ud83e\udd86")
                        .experimentId("exp\u00e9")
                        .timestampMicros(1)
                        .eventData("{\"text\":\"gr\u00fc\u00df \u65e5\"}")
                        .build(),
                Event.builder()
                        .conversationId("c")
                        .eventType("t")
                        .timestampMicros(2)
                        .eventData(large)
                        .build(),
                Event.builder()
                        .conversationId("c")
                        .eventType("t")
                        .timestampMicros(3)
                        .build());
        try (StagingWriter writer = builder().build()) {
            events.forEach(writer::write);
        }

        assertThat(StagedEvents.readAll(dir)).containsExactlyElementsOf(events);
    }

    @Test
    void publishedFile_hasSchemaV1ColumnsWithUuidStringAndTimestampTypes() {
        try (StagingWriter writer = builder().build()) {
            writer.write(TestEvents.numbered("a", 0));
        }
        ParquetMetadata footer =
                StagedEvents.footer(StagedEvents.publishedFiles(dir).get(0));
        MessageType schema = footer.getFileMetaData().getSchema();

        assertThat(schema.getFields())
                .extracting(Type::getName)
                .containsExactly(
                        "event_id", "conversation_id", "experiment_id", "event_type", "timestamp", "event_data");
        PrimitiveType eventId = schema.getType("event_id").asPrimitiveType();
        assertThat(eventId.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
        assertThat(eventId.getTypeLength()).isEqualTo(16);
        assertThat(eventId.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.uuidType());
        for (String column : List.of("conversation_id", "experiment_id", "event_type", "event_data")) {
            PrimitiveType type = schema.getType(column).asPrimitiveType();
            assertThat(type.getPrimitiveTypeName()).as(column).isEqualTo(PrimitiveTypeName.BINARY);
            assertThat(type.getLogicalTypeAnnotation()).as(column).isEqualTo(LogicalTypeAnnotation.stringType());
        }
        PrimitiveType timestamp = schema.getType("timestamp").asPrimitiveType();
        assertThat(timestamp.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(timestamp.getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
        assertThat(schema.getType("conversation_id").isRepetition(Type.Repetition.REQUIRED))
                .isTrue();
        assertThat(schema.getType("experiment_id").isRepetition(Type.Repetition.OPTIONAL))
                .isTrue();
        assertThat(footer.getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"))
                .contains("\"name\":\"Event\"", "\"namespace\":\"io.duckdock\"", "schema version 1");
    }

    @Test
    void publishedFile_isNamedAfterProducerAndLeavesNoTempOrChecksumFiles() {
        try (StagingWriter writer = builder().build()) {
            writer.write(TestEvents.numbered("a", 0));
        }

        assertThat(StagedEvents.list(dir))
                .singleElement()
                .extracting(file -> file.getFileName().toString())
                .asString()
                .matches("events-p1-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.parquet");
    }

    @Test
    void write_keepsTheOpenFileInMemoryUntilFlush() {
        try (StagingWriter writer = builder().build()) {
            writer.write(TestEvents.numbered("a", 0));

            assertThat(StagedEvents.list(dir)).isEmpty();

            writer.flush();

            assertThat(StagedEvents.hiddenFiles(dir)).isEmpty();
            assertThat(StagedEvents.readAll(dir)).containsExactly(TestEvents.numbered("a", 0));
        }
    }

    @Test
    void publish_writesUnderAHiddenNameThenRenamesIntoPlace() throws Exception {
        FaultInjectingFileSystem fs = FaultInjectingFileSystem.open(dir.toString());
        try (StagingWriter writer = builder().fileSystem(fs).build()) {
            writer.write(TestEvents.numbered("a", 0));
        }

        String published = StagedEvents.publishedFiles(dir).get(0).getFileName().toString();
        String id = published.substring("events-p1-".length(), published.length() - ".parquet".length());
        assertThat(fs.renames()).containsExactly(".duckdock-p1-" + id + ".parquet.tmp -> " + published);
    }

    @Test
    void write_neverWritesPartOfAnInvalidEvent() {
        List<Event> valid = new ArrayList<>();
        try (StagingWriter writer = builder().build()) {
            for (int i = 0; i < 10; i++) {
                Event event = TestEvents.numbered("a", i);
                writer.write(event);
                valid.add(event);
                int sequence = i;
                assertThatThrownBy(() -> writer.write(Event.builder()
                                .conversationId("bad:" + sequence)
                                .eventType("t")
                                .timestampMicros(1)
                                .eventData("{\"half\":")
                                .build()))
                        .isInstanceOf(InvalidEventException.class);
                assertThatThrownBy(() -> writer.write(null)).isInstanceOf(NullPointerException.class);
            }
        }

        assertThat(StagedEvents.readAll(dir)).containsExactlyElementsOf(valid);
    }

    @Test
    void write_afterClose_throwsIllegalState() {
        StagingWriter writer = builder().build();
        writer.close();

        assertThatThrownBy(() -> writer.write(TestEvents.numbered("a", 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("StagingWriter for file:.* is closed");
    }

    @Test
    void close_isIdempotentAndFlushAfterCloseDoesNothing() {
        StagingWriter writer = builder().build();
        writer.write(TestEvents.numbered("a", 0));
        writer.close();
        writer.close();
        writer.flush();

        assertThat(StagedEvents.publishedFiles(dir)).hasSize(1);
    }

    @Test
    void close_withoutEvents_publishesNothing() {
        builder().build().close();

        assertThat(StagedEvents.list(dir)).isEmpty();
    }

    @Test
    void stats_countEventsFilesAndPublishedBytes() throws Exception {
        StagingWriter writer = builder().maxRowsPerFile(4).build();
        for (int i = 0; i < 10; i++) {
            writer.write(TestEvents.numbered("a", i));
        }
        writer.close();

        long bytesOnDisk = 0;
        for (Path file : StagedEvents.publishedFiles(dir)) {
            bytesOnDisk += Files.size(file);
        }
        assertThat(writer.stats()).isEqualTo(new WriterStats(10, 3, bytesOnDisk));
    }

    @Test
    void build_createsMissingStagingDirectory() {
        Path nested = dir.resolve("a/b/staging");
        try (StagingWriter writer = StagingWriter.builder(nested.toString()).build()) {
            writer.write(TestEvents.numbered("a", 0));
        }

        assertThat(StagedEvents.readAll(nested)).hasSize(1);
    }

    @Test
    void build_acceptsFileUri() {
        try (StagingWriter writer =
                StagingWriter.builder(dir.toUri().toString()).build()) {
            writer.write(TestEvents.numbered("a", 0));
        }

        assertThat(StagedEvents.readAll(dir)).hasSize(1);
    }

    @Test
    void build_defaultsProducerIdToSanitizedHostAndPid() {
        String producerId = StagingWriterBuilder.defaultProducerId();

        assertThat(producerId)
                .matches("[A-Za-z0-9_-]+")
                .endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void build_reportsEveryInvalidSettingTogether() {
        assertThatThrownBy(() -> StagingWriter.builder(dir.toString())
                        .producerId("a/b")
                        .maxRowsPerFile(0)
                        .maxBytesPerFile(-1)
                        .maxFileAge(java.time.Duration.ZERO)
                        .compression("lz4")
                        .lanes(0)
                        .rotationCheckInterval(null)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid StagingWriter settings: "
                        + "producerId 'a/b' must contain only letters, digits, '_' and '-'; "
                        + "maxRowsPerFile must be positive, was 0; "
                        + "maxBytesPerFile must be positive, was -1; "
                        + "maxFileAge must be positive, was PT0S; "
                        + "compression 'lz4' must be one of snappy, zstd, gzip, uncompressed; "
                        + "lanes must be positive, was 0; "
                        + "rotationCheckInterval must be positive, was null");
    }

    @Test
    void build_onAFileInsteadOfADirectory_throwsStagingExceptionNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> StagingWriter.builder(file.toString()).build())
                .isInstanceOf(StagingException.class)
                .hasMessageContaining("not-a-dir");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd", "gzip", "uncompressed", "ZSTD"})
    void compression_isUsedForEveryColumn(String compression) {
        try (StagingWriter writer = builder().compression(compression).build()) {
            writer.write(TestEvents.numbered("a", 0));
        }
        Path file = StagedEvents.publishedFiles(dir).get(0);

        assertThat(StagedEvents.footer(file).getBlocks().get(0).getColumns())
                .allSatisfy(
                        column -> assertThat(column.getCodec().name()).isEqualTo(compression.toUpperCase(Locale.ROOT)));
        assertThat(StagedEvents.readFile(file)).containsExactly(TestEvents.numbered("a", 0));
    }

    @Test
    void flush_whenRenameFails_throwsNamingFileAndLeavesNothingBehind() throws Exception {
        FaultInjectingFileSystem fs =
                FaultInjectingFileSystem.open(dir.toString()).failRenames(1);
        StagingWriter writer = builder().fileSystem(fs).build();
        writer.write(TestEvents.numbered("a", 0));

        assertThatThrownBy(writer::flush)
                .isInstanceOf(StagingException.class)
                .hasMessageMatching("Background publish failed: Failed to publish file:.*/\\.duckdock-p1-.*"
                        + "\\.parquet\\.tmp as events-p1-.*\\.parquet: the file system refused the rename");
        assertThat(StagedEvents.list(dir)).isEmpty();

        writer.write(TestEvents.numbered("a", 1));
        writer.close();
        assertThat(StagedEvents.readAll(dir)).containsExactly(TestEvents.numbered("a", 1));
    }

    @Test
    void backgroundPublishFailure_isRethrownOnTheNextCall() throws Exception {
        FaultInjectingFileSystem fs =
                FaultInjectingFileSystem.open(dir.toString()).failRenames(1);
        StagingWriter writer = builder().fileSystem(fs).maxRowsPerFile(1).build();
        writer.write(TestEvents.numbered("a", 0));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fs.renameAttempts() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // The failure is recorded right after the rename; a write eventually sees it.
        assertThatThrownBy(() -> {
                    for (int i = 1; System.nanoTime() < deadline; i++) {
                        writer.write(TestEvents.numbered("b", i));
                        Thread.sleep(1);
                    }
                })
                .isInstanceOf(StagingException.class)
                .hasMessageStartingWith("Background publish failed: Failed to publish");

        writer.close();
        assertThat(StagedEvents.readAll(dir))
                .noneMatch(event -> event.conversationId().equals("a:0"));
    }
}
