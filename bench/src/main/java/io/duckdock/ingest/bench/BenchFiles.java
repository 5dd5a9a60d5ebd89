package io.duckdock.ingest.bench;

import io.duckdock.staging.Event;
import io.duckdock.staging.StagingWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Staged files for the benchmark, written by DuckDock's own producer. */
final class BenchFiles {
    static final long FIRST_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    private BenchFiles() {
    }

    /** {@code events} events over {@code conversations} conversations, in {@code files} files. */
    static List<Path> generate(Path dir, long events, int files, int conversations) {
        try (StagingWriter writer = StagingWriter.builder(dir.toString())
                .producerId("bench")
                .lanes(1)
                .maxRowsPerFile((int) Math.max(1, events / files))
                .maxBytesPerFile(Long.MAX_VALUE / 4)
                .maxFileAge(Duration.ofDays(1))
                .build()) {
            for (long i = 0; i < events; i++) {
                writer.write(Event.builder()
                        .conversationId("conv-" + (i % conversations))
                        .experimentId("exp-" + (i % 7))
                        .eventType(i % 100 == 0 ? "conversation.started" : "message.sent")
                        .timestampMicros(FIRST_MICROS + i * 1_000)
                        .eventData("{\"n\":" + i + ",\"text\":\"hello\"}")
                        .build());
            }
        }
        return list(dir);
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Visible Parquet files anywhere under {@code dir}. */
    static long countParquet(Path dir) {
        try (Stream<Path> entries = Files.walk(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".parquet") && !name.startsWith(".")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hard-links the files into a staging directory (the ingester moves the links, the sources stay). */
    static void stage(List<Path> files, Path staging) {
        try {
            Files.createDirectories(staging);
            for (Path file : files) {
                Files.createLink(staging.resolve(file.getFileName()), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage benchmark files into " + staging, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : entries.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
