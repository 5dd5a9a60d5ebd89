package io.duckdock.ingest.testing;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.IngesterLockedException;
import java.nio.file.Path;

/**
 * An ingester process: one run over the home given as the first argument (then key value pairs of
 * config). Prints "batches=N events=M"; exits 4 when another ingester holds the lock.
 */
public final class IngestOnceMain {
    private IngestOnceMain() {
    }

    public static void main(String[] args) {
        String[] overrides = java.util.Arrays.copyOfRange(args, 1, args.length);
        DuckDockConfig config = TestHomes.config(Path.of(args[0]), overrides);
        try (IngesterLock lock = IngesterLock.acquire(config);
             Ingester ingester = Ingester.create(config)) {
            System.out.println("locked");
            System.out.flush();
            IngestReport report = ingester.runOnce(lock);
            System.out.println("batches=" + report.batches().size() + " events=" + report.eventsIngested());
        } catch (IngesterLockedException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(4);
        }
    }
}
