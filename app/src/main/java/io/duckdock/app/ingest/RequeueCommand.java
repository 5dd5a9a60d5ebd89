package io.duckdock.app.ingest;

import io.duckdock.app.CommandContext;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.ingest.Requeue;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Puts fixed rejected files back into staging. */
@Command(
        name = "requeue",
        mixinStandardHelpOptions = true,
        description = {
            "Move rejected files back into staging (after fixing them) so the next ingest judges them"
                    + " again. Names are as listed in rejected/ (see their .reason.txt)."
        })
public final class RequeueCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private Selection selection;

    static final class Selection {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rejected file names.")
        List<Path> files;

        @Option(names = "--all", required = true, description = "Requeue every rejected file.")
        boolean all;
    }

    @Override
    public Integer call() {
        CommandContext context = CommandContext.load(spec);
        Requeue requeue =
                new Requeue(context.config().layout(), context.config().hadoop(), Clock.systemUTC());
        List<String> names = selection.all
                ? requeue.rejectedFiles()
                : selection.files.stream().map(p -> p.getFileName().toString()).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (names.isEmpty()) {
            out.println("nothing to requeue: " + context.config().layout().rejectedDir() + " holds no rejected file");
            return ExitCodes.OK;
        }
        for (String name : names) {
            out.println("requeued " + requeue.requeue(name));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
