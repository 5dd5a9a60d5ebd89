package io.duckdock.app.service;

import io.duckdock.app.CommandContext;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.IngesterLockedException;
import io.duckdock.ingest.history.IngestHistory;
import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Whether DuckDock keeps up: asks the running service, else reads the home's files briefly. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the backlog in staging, the last batches, rejected files, throughput and whether the"
                    + " service runs. Asks the running service's /status endpoint; without a service, reads"
                    + " staging and opens the warehouse read-only for a moment."
        })
public final class StatusCommand implements Callable<Integer> {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAREHOUSE_WAIT = Duration.ofSeconds(2);

    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the status as JSON (the /status document).")
    private boolean json;

    @Override
    public Integer call() {
        DuckDockConfig config = CommandContext.load(spec).config();
        StatusReport report = fromService(config).orElseGet(() -> fromFiles(config, Clock.systemUTC()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(report.toJson());
            out.flush();
        } else {
            StatusText.print(report, out);
        }
        return ExitCodes.OK;
    }

    /** The running service's own report, when its endpoint answers. */
    static Optional<StatusReport> fromService(DuckDockConfig config) {
        Optional<String> address = address(config);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address.get() + "/status"))
                    .timeout(HTTP_TIMEOUT);
            config.http().token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(HTTP_TIMEOUT)
                    .build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? Optional.of(StatusReport.fromJson(response.body()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<String> address(DuckDockConfig config) {
        Path file = config.layout().home().resolve(StatusEndpoint.ADDRESS_FILE);
        try {
            if (Files.exists(file)) {
                return Optional.of(
                        Files.readString(file, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            // fall back to the configured address
        }
        if (!config.http().enabled() || config.http().port() == 0) {
            return Optional.empty();
        }
        String host = config.http().bind().equals("0.0.0.0")
                ? "127.0.0.1"
                : config.http().bind();
        return Optional.of("http://" + host + ":" + config.http().port());
    }

    /** The status read from staging, rejected/ and a short read-only look at the warehouse. */
    static StatusReport fromFiles(DuckDockConfig config, Clock clock) {
        Instant now = clock.instant();
        List<IngestHistory.Batch> batches = config.layout().inMemoryDatabase()
                ? List.of()
                : IngestHistory.recentBatchesOrNone(
                        config.layout().database(), WAREHOUSE_WAIT, IngestActivity.RECENT_BATCHES);
        return new StatusReport(
                now.toString(),
                "warehouse",
                serviceFromLock(config.layout().lockFile()),
                Backlog.scan(Directory.of(config.layout().stagingDir(), config.hadoop()), now),
                batches.stream().limit(20).map(BatchSummary::of).toList(),
                RejectedFiles.list(Directory.of(config.layout().rejectedDir(), config.hadoop())),
                StatusReport.Throughput.of(IngestHistory.throughput(batches, now, ServiceMonitor.THROUGHPUT_WINDOW)),
                List.of(),
                null,
                StatusReport.Lake.of(config));
    }

    /** Whether an ingester holds the lock; taking it for a moment is the only sure test. */
    @SuppressWarnings("try") // the lock is only taken, never used
    private static StatusReport.Service serviceFromLock(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return new StatusReport.Service(false, null, null);
        }
        try (IngesterLock lock = IngesterLock.acquire(lockFile)) {
            return new StatusReport.Service(false, null, null);
        } catch (IngesterLockedException e) {
            return new StatusReport.Service(true, e.holder(), null);
        }
    }
}
