package io.duckdock.app;

import io.duckdock.error.DuckDockException;
import io.duckdock.error.ErrorCategory;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one message on stderr and a documented exit code: the
 * only place where failures become exit codes, so commands never translate them. A {@link
 * DuckDockException}'s message is printed as it is, its category chooses the code ({@link
 * ExitCodes#of}); anything else is an internal error. Stack traces are printed only for internal
 * errors and only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper {
    private final GlobalSettings settings;

    ErrorHandler(GlobalSettings settings) {
        this.settings = settings;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        int exitCode = getExitCode(exception);
        PrintWriter err = commandLine.getErr();
        err.println(message(exception));
        if (settings.verbose) {
            exception.printStackTrace(err);
        } else if (exitCode == ExitCodes.INTERNAL_ERROR) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return exitCode;
    }

    @Override
    public int getExitCode(Throwable exception) {
        if (exception instanceof DuckDockException known) {
            return ExitCodes.of(known.category());
        }
        if (exception instanceof ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.INTERNAL_ERROR;
    }

    private static String message(Exception exception) {
        if (exception instanceof DuckDockException known) {
            return known.category() == ErrorCategory.INTERNAL ? "duckdock: " + known.getMessage() : known.getMessage();
        }
        String detail = exception.getMessage() == null ? "" : ": " + exception.getMessage();
        return "duckdock: internal error: " + exception.getClass().getSimpleName() + detail;
    }
}
