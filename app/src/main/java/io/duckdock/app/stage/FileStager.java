package io.duckdock.app.stage;

import io.duckdock.staging.StagingWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Stages the events of one input file, routing bad records to its {@link RejectLog}. */
final class FileStager {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int BYTE_ORDER_MARK = '\uFEFF';

    private final StagingWriter writer;
    private final AtomicLong bytesRead;
    private final PrintWriter err;

    FileStager(StagingWriter writer, AtomicLong bytesRead, PrintWriter err) {
        this.writer = writer;
        this.bytesRead = bytesRead;
        this.err = err;
    }

    /** Reads {@code file} to the end; its staged events are published when this returns. */
    FileResult stage(Path file, InputFormat format) throws IOException {
        long staged = 0;
        long sizeBefore = bytesRead.get();
        try (RejectLog rejects = new RejectLog(file, err)) {
            try (RecordSource source = open(file, format)) {
                SourceRecord record;
                while ((record = source.next()) != null) {
                    if (record.problem() != null) {
                        rejects.reject(record.line(), record.problem(), record.input());
                        continue;
                    }
                    try {
                        writer.write(EventConverter.toEvent(record.event()));
                        staged++;
                    } catch (IllegalArgumentException e) {
                        rejects.reject(record.line(), e.getMessage(), record.input());
                    }
                }
            } catch (RejectedFileException e) {
                err.println(file + ": " + e.getMessage());
                writer.flush();
                return new FileResult(file, staged, rejects.count(), rejects.file(), e.getMessage());
            } finally {
                bytesRead.set(sizeBefore + Files.size(file));
            }
            writer.flush();
            return new FileResult(file, staged, rejects.count(), rejects.file(), null);
        }
    }

    private RecordSource open(Path file, InputFormat format) throws IOException {
        InputStream in = new CountingInputStream(Files.newInputStream(file), bytesRead);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_BYTES);
        skipByteOrderMark(reader);
        return format == InputFormat.CSV ? new CsvSource(reader) : new JsonLinesSource(reader);
    }

    /** Spreadsheet exports often start with a UTF-8 byte order mark; it is not part of the data. */
    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != BYTE_ORDER_MARK) {
            reader.reset();
        }
    }

    /**
     * @param fileProblem why the (rest of the) file could not be read, or null
     */
    record FileResult(Path file, long staged, long rejectedLines, Path rejectsFile, String fileProblem) {
        boolean anyRejected() {
            return rejectedLines > 0 || fileProblem != null;
        }

        String summary() {
            StringBuilder line = new StringBuilder("staged ").append(staged).append(" events from ");
            line.append(file);
            if (rejectedLines > 0) {
                line.append(", rejected ")
                        .append(rejectedLines)
                        .append(" lines (see ")
                        .append(rejectsFile)
                        .append(')');
            }
            if (fileProblem != null) {
                line.append(", stopped early: ").append(fileProblem);
            }
            return line.toString();
        }
    }
}
