package io.duckdock.app.stage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records the rejected lines of one input file: the first few on stderr as {@code file:line:
 * reason}, all of them in {@code <input>.rejects.jsonl} as {@code {"line": n, "reason": "...",
 * "input": "..."}}. The rejects file is created on the first reject; a stale one from an earlier
 * run is deleted when the log opens.
 */
final class RejectLog implements Closeable {
    static final int SHOWN_ON_STDERR = 10;
    private static final JsonFactory JSON = new JsonFactory();

    private final Path input;
    private final Path rejectsFile;
    private final PrintWriter err;
    private JsonGenerator generator;
    private long count;

    RejectLog(Path input, PrintWriter err) throws IOException {
        this.input = input;
        this.rejectsFile = rejectsFile(input);
        this.err = err;
        Files.deleteIfExists(rejectsFile);
    }

    static Path rejectsFile(Path input) {
        return input.resolveSibling(input.getFileName() + ".rejects.jsonl");
    }

    void reject(long line, String reason, String inputText) throws IOException {
        count++;
        if (count <= SHOWN_ON_STDERR) {
            err.println(input + ":" + line + ": " + reason);
        }
        if (generator == null) {
            generator = JSON.createGenerator(rejectsFile.toFile(), JsonEncoding.UTF8);
            generator.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
        }
        generator.writeStartObject();
        generator.writeNumberField("line", line);
        generator.writeStringField("reason", reason);
        generator.writeStringField("input", inputText);
        generator.writeEndObject();
    }

    long count() {
        return count;
    }

    Path file() {
        return rejectsFile;
    }

    @Override
    public void close() throws IOException {
        if (count > SHOWN_ON_STDERR) {
            err.println("... and " + (count - SHOWN_ON_STDERR) + " more");
        }
        err.flush();
        if (generator != null) {
            generator.writeRaw('\n');
            generator.close();
        }
    }
}
