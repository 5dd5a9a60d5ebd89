package io.duckdock.app.query;

import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.ingest.query.AnalyticViews;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the SQL of the analytic views, to run in any DuckDB over the lake. */
@Command(
        name = "views",
        mixinStandardHelpOptions = true,
        description = "Print the SQL file of the views conversation_state, experiment_summary and event_timeline.")
public final class ViewsCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(names = "--sql", description = "Print the SQL (the default and only output).")
    private boolean sql;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AnalyticViews.sql());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
