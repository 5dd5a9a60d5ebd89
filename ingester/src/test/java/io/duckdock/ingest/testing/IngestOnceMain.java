package io.duckdock.ingest.testing;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.IngesterLockedException;
import java.nio.file.Path;

/**
 * An ingester process: one run over the home given as the first argument (then key value pairs of
 * config). Prints "batches=N events=M"; exits 4 when another ingester holds the lock. With a first
 * argument {@code --wait-lock=<seconds>} it retries the lock that long first (a killed holder's HDFS
 * lease must expire before its shared lock can be taken over).
 */
public final class IngestOnceMain {
    private IngestOnceMain() {}

    public static void main(String[] args) throws InterruptedException {
        long waitNanos = 0;
        if (args[0].startsWith("--wait-lock=")) {
            waitNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(Long.parseLong(args[0].substring(12)));
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        String[] overrides = java.util.Arrays.copyOfRange(args, 1, args.length);
        DuckDockConfig config = TestHomes.config(Path.of(args[0]), overrides);
        try (IngesterLock lock = acquire(config, System.nanoTime() + waitNanos);
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

    private static IngesterLock acquire(DuckDockConfig config, long deadline) throws InterruptedException {
        while (true) {
            try {
                return IngesterLock.acquire(config);
            } catch (IngesterLockedException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
