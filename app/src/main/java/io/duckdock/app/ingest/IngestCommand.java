package io.duckdock.app.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckdock.app.CommandContext;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.ingest.BatchResult;
import io.duckdock.ingest.FileOutcome;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One ingest run now: drains the staging backlog batch after batch and prints a summary. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Ingest everything staged now, batch after batch, each batch in one transaction, then print"
                    + " a summary. Exits 3 when files were rejected (see rejected/ and the ingest_files table)."
        })
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the summary as JSON.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        CommandContext context = CommandContext.load(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IngestReport report;
        try (IngesterLock lock = IngesterLock.acquire(context.config());
                Ingester ingester =
                        Ingester.create(context.config(), Clock.systemUTC(), batch -> progress(err, batch))) {
            report = ingester.runOnce(lock);
        }
        if (json) {
            out.println(jsonOf(report));
        } else {
            printSummary(out, report);
        }
        return report.filesRejected() > 0 ? ExitCodes.INPUT_REJECTED : ExitCodes.OK;
    }

    private void progress(PrintWriter err, BatchResult batch) {
        if (!json) {
            err.printf(
                    "batch %d: %,d events from %d files in %d ms%n",
                    batch.batchId(),
                    batch.eventsIngested(),
                    batch.filesIngested(),
                    batch.duration().toMillis());
            err.flush();
        }
    }

    static void printSummary(PrintWriter out, IngestReport report) {
        double seconds = Math.max(report.elapsed().toNanos() / 1e9, 1e-9);
        out.printf(
                "ingested %,d events from %,d files in %d batches (%.2f s, %,.0f events/s); %d rejected,"
                        + " %d duplicate files, %,d duplicate events dropped",
                report.eventsIngested(),
                report.filesIngested(),
                report.batches().size(),
                seconds,
                report.eventsIngested() / seconds,
                report.filesRejected(),
                report.filesDuplicate(),
                report.eventsDeduplicated());
        if (report.filesDeferred() > 0) {
            out.printf(
                    "; %d files deferred (still being written, or unreadable: see the WARN lines) wait for the next run",
                    report.filesDeferred());
        }
        out.println();
        for (FileOutcome rejected : report.rejectedFiles()) {
            out.println(
                    "  rejected: " + rejected.reason().orElse(rejected.file().name()));
        }
        out.flush();
    }

    static String jsonOf(IngestReport report) throws Exception {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("events_ingested", report.eventsIngested());
        summary.put("events_deduplicated", report.eventsDeduplicated());
        summary.put("files_ingested", report.filesIngested());
        summary.put("files_rejected", report.filesRejected());
        summary.put("files_duplicate", report.filesDuplicate());
        summary.put("files_deferred", report.filesDeferred());
        summary.put("batches", report.batches().size());
        summary.put("seconds", report.elapsed().toNanos() / 1e9);
        List<Map<String, String>> rejected = report.rejectedFiles().stream()
                .map(f -> Map.of(
                        "file", f.file().path().toString(), "reason", f.reason().orElse("")))
                .toList();
        summary.put("rejected", rejected);
        return new ObjectMapper().writeValueAsString(summary);
    }
}
