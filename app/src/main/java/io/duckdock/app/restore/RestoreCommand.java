package io.duckdock.app.restore;

import io.duckdock.app.CommandContext;
import io.duckdock.app.CommandFailedException;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.app.output.Progress;
import io.duckdock.config.Layout;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.lake.LakeRestore;
import io.duckdock.ingest.storage.LakeStorage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rebuilds the warehouse from the lake alone, after the database file was lost. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuild warehouse.duckdb from the lake's Iceberg tables alone: the events with their"
                    + " sequence, offset and batch, the conversation heads, the file ledger, the batch history"
                    + " and the views. Refuses to overwrite an existing warehouse unless --force is given. Run"
                    + " it with the service stopped; then `duckdock ingest` (or `run`) continues where the lake"
                    + " ends."
        })
public final class RestoreCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--force",
            description = "Replace an existing warehouse (it is replaced only once the new one is complete).")
    private boolean force;

    @Override
    public Integer call() {
        CommandContext context = CommandContext.load(spec);
        Layout layout = context.config().layout();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (layout.inMemoryDatabase()) {
            throw CommandFailedException.usage("warehouse.path is :memory:; restore needs a database file to write");
        }
        Path database = Path.of(layout.database());
        if (Files.exists(database) && !force) {
            throw CommandFailedException.usage(database
                    + " exists; restore refuses to overwrite it. Move it away, or pass --force to replace"
                    + " it with the warehouse rebuilt from the lake "
                    + layout.lakeDir());
        }
        LakeRestore.Result result;
        // the lock an ingester takes (with remote staging, also the shared one there): none runs meanwhile
        try (IngesterLock lock = IngesterLock.acquire(context.config());
                EventProgress progress = new EventProgress(err)) {
            LakeStorage lake = LakeStorage.of(layout.lakeDir(), context.config().hadoop(), layout.spool());
            // on a node of a cluster another node may be writing the lake: read it, leave its repair to the writer
            result = LakeRestore.restore(
                    lock,
                    lake,
                    layout.database(),
                    context.config().warehouse(),
                    progress,
                    !context.config().cluster().clustered());
        }
        double seconds = Math.max(result.elapsed().toNanos() / 1e9, 1e-9);
        out.printf(
                "restored %,d events, %,d batches (published up to batch %d), %,d ledger rows, %,d"
                        + " conversations into %s in %.2f s (%,.0f events/s)%n",
                result.events(),
                result.batches(),
                result.lastBatchId(),
                result.files(),
                result.conversations(),
                database,
                seconds,
                result.events() / seconds);
        out.flush();
        return ExitCodes.OK;
    }

    /** Step lines, and a progress bar (or periodic lines) while the events are copied. */
    private static final class EventProgress implements LakeRestore.Progress, AutoCloseable {
        private final PrintWriter err;
        private final AtomicLong done = new AtomicLong();
        private Progress bar;

        EventProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void step(String name) {
            closeBar();
            err.println("restore: " + name);
            err.flush();
        }

        @Override
        public void events(long copied, long total) {
            done.set(copied);
            if (bar == null) {
                bar = Progress.start("restore", total, Progress.Unit.EVENTS, done::get, err);
            }
        }

        private void closeBar() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        @Override
        public void close() {
            closeBar();
        }
    }
}
