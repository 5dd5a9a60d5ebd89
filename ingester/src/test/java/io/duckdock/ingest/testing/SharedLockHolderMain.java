package io.duckdock.ingest.testing;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngesterLock;
import java.nio.file.Path;

/** Takes the ingester lock of {@code <home>} with staging at {@code <staging URI>}, prints LOCKED and waits to be killed. */
public final class SharedLockHolderMain {
    private SharedLockHolderMain() {}

    public static void main(String[] args) throws InterruptedException {
        DuckDockConfig config = TestHomes.config(
                Path.of(args[0]), "staging.dir", args[1], "archive.dir", args[2], "rejected.dir", args[3]);
        IngesterLock lock = IngesterLock.acquire(config);
        System.out.println("LOCKED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        lock.close();
    }
}
