package io.duckdock.staging.testing;

import io.duckdock.staging.Event;
import io.duckdock.staging.StagedFileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;

/** Reads staged files back with {@code AvroParquetReader}, independently of DuckDB. */
public final class StagedEvents {
    private StagedEvents() {}

    /** Every event in the visible (non-hidden) Parquet files of {@code dir}. */
    public static List<Event> readAll(Path dir) {
        List<Event> events = new ArrayList<>();
        for (Path file : publishedFiles(dir)) {
            events.addAll(readFile(file));
        }
        return events;
    }

    /** Visible {@code *.parquet} files, sorted by name (for one producer: by creation time). */
    public static List<Path> publishedFiles(Path dir) {
        return list(dir).stream()
                .filter(file -> !StagedFileNames.isHidden(file.getFileName().toString()))
                .filter(file -> file.getFileName().toString().endsWith(".parquet"))
                .toList();
    }

    /** Hidden files (temporary files of writers still writing or killed). */
    public static List<Path> hiddenFiles(Path dir) {
        return list(dir).stream()
                .filter(file -> StagedFileNames.isHidden(file.getFileName().toString()))
                .toList();
    }

    /** Every regular file in {@code dir}, sorted by name. */
    public static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Event> readFile(Path file) {
        List<Event> events = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                        new LocalInputFile(file), new PlainParquetConfiguration())
                .withDataModel(GenericData.get())
                .build()) {
            for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
                events.add(toEvent(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + file, e);
        }
        return events;
    }

    public static ParquetMetadata footer(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read footer of " + file, e);
        }
    }

    private static Event toEvent(GenericRecord record) {
        return Event.builder()
                .eventId(UUID.fromString(record.get("event_id").toString()))
                .conversationId(record.get("conversation_id").toString())
                .experimentId(text(record.get("experiment_id")))
                .eventType(record.get("event_type").toString())
                .timestampMicros((Long) record.get("timestamp"))
                .eventData(text(record.get("event_data")))
                .build();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
