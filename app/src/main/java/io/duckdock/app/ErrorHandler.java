package io.duckdock.app;

import io.duckdock.error.DuckDockException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one message on stderr and a documented exit code.
 * Stack traces are printed only for unexpected errors and only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper {
  private final GlobalSettings settings;

  ErrorHandler(GlobalSettings settings) {
    this.settings = settings;
  }

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println(message(exception));
    if (settings.verbose) {
      exception.printStackTrace(err);
    } else if (getExitCode(exception) == ExitCodes.INTERNAL_ERROR) {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return getExitCode(exception);
  }

  @Override
  public int getExitCode(Throwable exception) {
    if (exception instanceof CommandFailedException) {
      return ((CommandFailedException) exception).exitCode();
    }
    if (exception instanceof DuckDockException known) {
      return ExitCodes.of(known.category());
    }
    if (exception instanceof ParameterException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.INTERNAL_ERROR;
  }

  private String message(Exception exception) {
    if (exception instanceof CommandFailedException
        || (exception instanceof DuckDockException known
            && known.category() != io.duckdock.error.ErrorCategory.INTERNAL)) {
      return exception.getMessage();
    }
    if (exception instanceof DuckDockException) {
      return "duckdock: " + exception.getMessage();
    }
    String detail = exception.getMessage() == null ? "" : ": " + exception.getMessage();
    return "duckdock: internal error: " + exception.getClass().getSimpleName() + detail;
  }
}
