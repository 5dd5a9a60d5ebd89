package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorHandlerTest {
  private final GlobalSettings settings = new GlobalSettings();
  private final StringWriter err = new StringWriter();
  private final CommandLine commandLine = new CommandLine(new DuckDockCli());

  ErrorHandlerTest() {
    commandLine.setErr(new PrintWriter(err, true));
  }

  @Test
  void unexpectedError_isOneLineAndExitCodeOneWithoutVerbose() {
    int code = handle(new IllegalStateException("boom"));

    assertThat(code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(err.toString())
        .startsWith("duckdock: internal error: IllegalStateException: boom")
        .contains("--verbose")
        .doesNotContain("\tat ");
  }

  @Test
  void unexpectedError_withVerbose_printsTheStackTrace() {
    settings.verbose = true;

    handle(new IllegalStateException("boom"));

    assertThat(err.toString()).contains("java.lang.IllegalStateException: boom", "\tat ");
  }

  @Test
  void commandFailure_printsOnlyItsMessageAndItsExitCode() {
    int code = handle(new CommandFailedException(ExitCodes.INPUT_REJECTED, "File x was rejected."));

    assertThat(code).isEqualTo(ExitCodes.INPUT_REJECTED);
    assertThat(err.toString().trim()).isEqualTo("File x was rejected.");
  }

  private int handle(Exception exception) {
    return new ErrorHandler(settings).handleExecutionException(exception, commandLine, null);
  }
}
