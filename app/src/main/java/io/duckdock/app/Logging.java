package io.duckdock.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where log lines go, decided once the home is known. A command keeps the terminal for the person
 * running it: its progress, results and warnings (WARN and above); its routine log lines (one per
 * batch, ...) go to {@code <home>/logs/duckdock.log}, and with {@code --verbose} to the terminal
 * as well. The service ({@code duckdock run}) logs everything from INFO to stderr, where a service
 * manager collects it, and writes no file of its own.
 */
final class Logging {
    /** The log file of every command but {@code run}, relative to the home. */
    static final String LOG_FILE = "logs/duckdock.log";
    /** The console appender's name in logback.xml (and logback-test.xml). */
    static final String CONSOLE = "STDERR";

    private Logging() {}

    /** Who the log lines are for. */
    enum Mode {
        /** The long-running service: every line to stderr. */
        SERVICE,
        /** A command run by a person: routine lines to the log file, warnings to the terminal. */
        COMMAND
    }

    /** Applies {@code mode} to logback's context; call once, before the command runs. */
    static void configure(Path home, Mode mode, boolean verbose) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            configure(context, home, mode, verbose);
        }
    }

    static void configure(LoggerContext context, Path home, Mode mode, boolean verbose) {
        if (mode == Mode.SERVICE) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
        if (console != null && !verbose) {
            ThresholdFilter warnings = new ThresholdFilter();
            warnings.setLevel(Level.WARN.levelStr);
            warnings.start();
            console.addFilter(warnings);
        }
        root.addAppender(logFile(context, home.resolve(LOG_FILE)));
    }

    /**
     * Appends to {@code file}, created with its folder at the first line: a command that logs nothing
     * (help, a configuration error) leaves no trace in the home. Several processes of one home
     * (producers, the demo's service) share the file: prudent mode takes a file lock for each line.
     */
    private static Appender<ILoggingEvent> logFile(LoggerContext context, Path file) {
        OpenedAtFirstLine appender = new OpenedAtFirstLine(() -> {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} pid "
                    + ProcessHandle.current().pid() + " %-5level [%thread] %logger{0} - %msg%n");
            encoder.start();
            FileAppender<ILoggingEvent> opened = new FileAppender<>();
            opened.setContext(context);
            opened.setName("FILE");
            opened.setFile(file.toString());
            opened.setPrudent(true);
            opened.setEncoder(encoder);
            opened.start();
            return opened;
        });
        appender.setContext(context);
        appender.setName("FILE-AT-FIRST-LINE");
        appender.start();
        return appender;
    }

    /** Creates its file appender when the first line arrives, then hands every line to it. */
    private static final class OpenedAtFirstLine extends AppenderBase<ILoggingEvent> {
        private final Supplier<FileAppender<ILoggingEvent>> open;
        private FileAppender<ILoggingEvent> file;

        OpenedAtFirstLine(Supplier<FileAppender<ILoggingEvent>> open) {
            this.open = open;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (file == null) {
                file = open.get();
            }
            file.doAppend(event);
        }

        @Override
        public void stop() {
            if (file != null) {
                file.stop();
            }
            super.stop();
        }
    }
}
