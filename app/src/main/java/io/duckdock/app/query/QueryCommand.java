package io.duckdock.app.query;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.query.QueryFailedException;
import io.duckdock.ingest.query.QueryRefusedException;
import io.duckdock.ingest.query.ReadOnlySql;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Read-only SQL over the events, the ledger, the batches and the views. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Run one read-only SELECT over events, all_events, ingest_batches, ingest_files, lake_files"
                    + " and the views conversation_state, experiment_summary, event_timeline.",
            "Reads the warehouse read-only; if the ingester holds it for more than 2 s, reads the lake"
                    + " only. Statements that write, attach, copy, install, load or change settings are"
                    + " refused (exit 2). The only files a query can read are those under the lake directory,"
                    + " the warehouse file with its WAL, and the query's own fresh spill directory; a path"
                    + " anywhere else, also through a symbolic link, fails with a Permission Error.",
            "A query running longer than query.timeout (default 5m) is stopped (exit 2)."
        })
public final class QueryCommand implements Callable<Integer> {
    /** How long to wait for an ingest run to release the warehouse before reading the lake only. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(2);

    enum Format {
        table,
        csv,
        json,
        parquet
    }

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SQL", description = "The SELECT to run.")
    private String sql;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the SELECT from FILE.")
    private Path file;

    @Option(
            names = "--format",
            paramLabel = "F",
            description = "table (default), csv, json or parquet (default when --output ends in .parquet).")
    private Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE instead of stdout.")
    private Path output;

    @Override
    public Integer call() throws IOException {
        String statement = statement();
        Format chosen = format();
        CommandContext context = CommandContext.load(spec);
        PrintWriter err = spec.commandLine().getErr();
        try (ReadOnlySql engine = ReadOnlySql.open(context.config(), LOCK_WAIT)) {
            engine.notice().ifPresent(notice -> err.println("duckdock query: " + notice));
            err.flush();
            if (chosen == Format.parquet) {
                long rows;
                try {
                    rows = engine.queryToParquet(statement, output);
                } catch (IOException e) {
                    throw cannotWrite(e);
                }
                spec.commandLine().getOut().println("wrote " + rows + " rows to " + output);
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            try (Writer target = target()) {
                ResultWriter writer = ResultWriter.of(chosen, target);
                engine.query(statement, writer);
                writer.finish();
            }
            return ExitCodes.OK;
        } catch (QueryRefusedException e) {
            throw new CommandFailedException(ErrorCategory.CONFIGURATION, e.getMessage(), e);
        } catch (QueryFailedException e) {
            throw new CommandFailedException(
                    ErrorCategory.CONFIGURATION, "duckdock query failed: " + e.getMessage(), e);
        }
    }

    private String statement() throws IOException {
        if ((sql == null) == (file == null)) {
            throw new CommandFailedException(
                    ErrorCategory.CONFIGURATION, "Give the query either as an argument or with -f FILE (exactly one).");
        }
        if (file == null) {
            return sql;
        }
        if (!Files.isReadable(file)) {
            throw new CommandFailedException(ErrorCategory.CONFIGURATION, "Cannot read the query file " + file + ".");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private Format format() {
        boolean parquetName = output != null
                && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
        Format chosen = format != null ? format : parquetName ? Format.parquet : Format.table;
        if (chosen == Format.parquet && output == null) {
            throw new CommandFailedException(
                    ErrorCategory.CONFIGURATION,
                    "--format parquet needs --output FILE (Parquet is not written to stdout).");
        }
        return chosen;
    }

    private Writer target() {
        if (output == null) {
            return new NonClosingWriter(spec.commandLine().getOut());
        }
        try {
            return Files.newBufferedWriter(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    private CommandFailedException cannotWrite(IOException e) {
        return CommandFailedException.usage("Cannot write --output "
                + output
                + " ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); give a file in a folder that exists and that you may write to");
    }
}
