package io.duckdock.ingest.bench;

import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestReport;
import io.duckdock.ingest.Ingester;
import io.duckdock.ingest.IngesterLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link BacklogBenchmark}: one {@code duckdock ingest} of a home with default
 * settings (only the settle time off), then its own peak resident memory from {@code /proc/self/status}.
 * Prints one line: {@code events=N batches=N seconds=S peak_rss_kb=N}.
 */
public final class DrainBacklogMain {
    private DrainBacklogMain() {}

    public static void main(String[] args) throws IOException {
        DuckDockConfig config = ConfigLoader.load(Path.of(args[0]), Map.of(), Map.of("ingest.settle-time", "0s"));
        long start = System.nanoTime();
        IngestReport report;
        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config)) {
            report = ingester.runOnce(lock);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "events=%d batches=%d seconds=%.3f peak_rss_kb=%d%n",
                report.eventsIngested(), report.batches().size(), seconds, peakRssKb());
    }

    /** VmHWM: the most resident memory this process ever had (Linux). */
    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
