package io.duckdock.staging.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link ProducerMain} running in its own JVM, its output captured in a log file. */
public final class ProducerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ProducerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code ProducerMain} with {@code args}; output goes to {@code log}. */
    public static ProducerProcess start(Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ProducerMain.class.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ProducerProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start " + command, e);
        }
    }

    public Process process() {
        return process;
    }

    /** Waits until the process printed a line equal to {@code marker}; fails if it exits first. */
    public void awaitLine(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().lines().anyMatch(marker::equals)) {
                return;
            }
            if (!process.isAlive() && !output().lines().anyMatch(marker::equals)) {
                throw new AssertionError("Producer exited with " + process.exitValue() + " before printing " + marker
                        + ":\n" + output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Producer did not print " + marker + " within " + timeout + ":\n" + output());
    }

    /** Waits for a normal exit and fails with the output otherwise. */
    public void awaitSuccess(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Producer did not finish within " + timeout + ":\n" + output());
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("Producer exited with " + process.exitValue() + ":\n" + output());
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
