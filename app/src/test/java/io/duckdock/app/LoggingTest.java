package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: where a command's log lines end up. */
class LoggingTest {
  private static final long T0 = 1_700_000_000_000_000L;

  @TempDir Path home;

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

  /** Runs the CLI's main in a new JVM on the home; its stdout and stderr together. */
  private String cli(String... args) throws Exception {
    Path output = home.resolve("terminal.txt");
    String[] all = new String[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--home=" + home;
    Process process = JavaProcess.start(DuckDockCli.class, output, all);
    int exitCode = JavaProcess.await(process, 120);
    String terminal = Files.readString(output);
    assertThat(exitCode).as(terminal).isZero();
    return terminal;
  }
}
