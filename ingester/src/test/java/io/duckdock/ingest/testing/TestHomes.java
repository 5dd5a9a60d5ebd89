package io.duckdock.ingest.testing;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configurations for a test home, with the settle time off so fresh test files are judged at once. */
public final class TestHomes {
    private TestHomes() {
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
