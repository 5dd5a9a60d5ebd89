package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
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
    void knownFailure_printsOnlyItsMessage_andItsCategoryChoosesTheExitCode() {
        int code = handle(new DuckDockException(ErrorCategory.REJECTED_INPUT, "File x was rejected."));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("File x was rejected." + System.lineSeparator());
    }

    @Test
    void everyCategory_hasItsDocumentedExitCode() {
        assertThat(ExitCodes.of(ErrorCategory.INTERNAL)).isEqualTo(1);
        assertThat(ExitCodes.of(ErrorCategory.CONFIGURATION)).isEqualTo(2);
        assertThat(ExitCodes.of(ErrorCategory.REJECTED_INPUT)).isEqualTo(3);
        assertThat(ExitCodes.of(ErrorCategory.INGESTER_BUSY)).isEqualTo(4);
        assertThat(ExitCodes.of(ErrorCategory.DATABASE_BUSY)).isEqualTo(5);
    }

    @Test
    void internalFailureOfDuckDock_isPrefixedAndPointsAtVerbose() {
        int code = handle(new DuckDockException(ErrorCategory.INTERNAL, "Cannot list the archive /a."));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("duckdock: Cannot list the archive /a." + System.lineSeparator())
                .contains("(run again with --verbose for the stack trace)");
    }

    private int handle(Exception exception) {
        return new ErrorHandler(settings).handleExecutionException(exception, commandLine, null);
    }
}
