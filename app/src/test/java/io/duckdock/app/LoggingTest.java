package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: where a command's log lines end up. */
@Tag("jvm")
class LoggingTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path home;

    @Test
    void ingest_keepsTheTerminalForItsSummary_andLogsEachBatchToTheHomesLogFile() throws Exception {
        Parquet.events(Files.createDirectories(home.resolve("staging")).resolve("a.parquet"), "c", 2, 10, T0);

        String terminal = cli("ingest");

        assertThat(terminal)
                .contains("ingested 10 events from 1 files in 1 batches")
                .doesNotContain("INFO");
        assertThat(Files.readString(home.resolve(Logging.LOG_FILE)))
                .containsPattern("pid \\d+ INFO  \\[main\\] BatchRun - batch 1: 10 events from 1 files");
    }

    @Test
    void ingest_withVerbose_showsTheLogLinesOnTheTerminalToo() throws Exception {
        Parquet.events(Files.createDirectories(home.resolve("staging")).resolve("a.parquet"), "c", 2, 10, T0);

        String terminal = cli("ingest", "--verbose");

        assertThat(terminal).contains("INFO", "BatchRun - batch 1: 10 events from 1 files");
        assertThat(Files.readString(home.resolve(Logging.LOG_FILE)))
                .contains("BatchRun - batch 1: 10 events from 1 files");
    }

    @Test
    void aCommandThatLogsNothing_createsNoLogFile() throws Exception {
        cli("config");

        assertThat(home.resolve("logs")).doesNotExist();
    }

    /**
     * Runs the CLI's main in a new JVM on the home, configured by the application's own logback.xml;
     * returns its stdout and stderr together.
     */
    private String cli(String... args) throws Exception {
        Path output = home.resolve("terminal.txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dlogback.configurationFile=" + DuckDockCli.class.getResource("/logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DuckDockCli.class.getName());
        command.addAll(List.of(args));
        command.add("--home=" + home);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        int exitCode = JavaProcess.await(process, 120);
        String terminal = Files.readString(output);
        assertThat(exitCode).as(terminal).isZero();
        return terminal;
    }
}
