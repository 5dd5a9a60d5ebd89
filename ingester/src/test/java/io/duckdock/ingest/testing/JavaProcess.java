package io.duckdock.ingest.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a test main class in a separate JVM with this JVM's classpath. */
public final class JavaProcess {
    private JavaProcess() {}

    public static Process start(Class<?> main, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // DuckDB unpacks its 69 MB native library into java.io.tmpdir and a SIGKILL leaves it there: keep it in
        // the test's own directory, which JUnit deletes
        command.add("-Djava.io.tmpdir="
                + java.nio.file.Files.createTempDirectory(log.toAbsolutePath().getParent(), ".jvm-tmp-"));
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits for the process and returns its exit code, killing it if it overruns. */
    public static int await(Process process, long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("process " + process.pid() + " did not finish within " + seconds + " s");
        }
        return process.exitValue();
    }

    /** Waits until the log file holds a line equal to {@code line}; fails with the log if the process ends first. */
    public static void awaitLine(Process process, Path log, String line, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            boolean ended = !process.isAlive();
            if (log.toFile().exists()) {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(java.nio.file.Files.newInputStream(log), StandardCharsets.UTF_8))) {
                    if (reader.lines().anyMatch(line::equals)) {
                        return;
                    }
                }
            }
            if (ended) {
                throw new AssertionError("process " + process.pid() + " exited with " + process.exitValue()
                        + " before printing '" + line + "':\n" + java.nio.file.Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line '" + line + "' in " + log + " within " + seconds + " s:\n"
                + java.nio.file.Files.readString(log));
    }
}
