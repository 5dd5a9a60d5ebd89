package io.duckdock.ingest.testing;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.lake.Lake;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A process that compacts the lake of the home given as the first argument (then key value pairs of
 * config) once: prints "locked" before it starts, then "files before=N after=M".
 */
public final class CompactOnceMain {
    private CompactOnceMain() {}

    public static void main(String[] args) {
        DuckDockConfig config = TestHomes.config(Path.of(args[0]), Arrays.copyOfRange(args, 1, args.length));
        try (IngesterLock lock = IngesterLock.acquire(config);
                Ingester ingester = Ingester.create(config)) {
            System.out.println("locked");
            System.out.flush();
            Lake.Compaction compaction = ingester.compactLake(lock);
            System.out.println("files " + compaction);
        }
    }
}
