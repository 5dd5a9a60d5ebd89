package io.duckdock.app.output;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Lets APIs that print to a {@link PrintStream} write to a command's {@link PrintWriter}, so that
 * their output can be captured like any other command output. Forwards whole lines (UTF-8).
 */
public final class PrintWriterOutputStream extends OutputStream {
    private final PrintWriter target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private PrintWriterOutputStream(PrintWriter target) {
        this.target = target;
    }

    public static PrintStream printStream(PrintWriter target) {
        return new PrintStream(new PrintWriterOutputStream(target), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            target.write(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
        target.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
