package io.duckdock.ingest.testing;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestListener;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Configurations for a test home, with the settle time off so fresh test files are judged at once. */
public final class TestHomes {
    private TestHomes() {}

    /** One ingest run on the config's home, taking and releasing the ingester lock around it. */
    public static IngestReport ingestOnce(DuckDockConfig config, Clock clock) {
        try (IngesterLock lock = IngesterLock.acquire(config);
                Ingester ingester = Ingester.create(config, clock, IngestListener.NONE)) {
            return ingester.runOnce(lock);
        }
    }

    public static IngestReport ingestOnce(DuckDockConfig config) {
        return ingestOnce(config, Clock.systemUTC());
    }

    public static DuckDockConfig config(Path home, String... keyValues) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("ingest.settle-time", "0s");
        overrides.put("ingest.lock-timeout", "2s");
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(home, Map.of(), overrides);
    }
}
