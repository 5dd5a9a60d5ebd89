package io.duckdock.app.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One part of {@code duckdock bench}. To add a benchmark, implement this and list it in
 * {@code BenchCommand#sections}.
 */
public interface BenchSection {
    /** Name used with {@code bench --only NAME}. */
    String name();

    /** One line shown in {@code bench --help}. */
    String description();

    /**
     * Runs the benchmark and prints its results.
     *
     * @param workDir an empty directory for the benchmark's files, deleted afterwards
     * @param sizes how many events to use; meaning is per section (e.g. per writer thread)
     */
    void run(Path workDir, BenchSizes sizes, PrintStream out) throws Exception;
}
