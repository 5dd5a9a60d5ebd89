package io.duckdock.app.ingest;

import io.duckdock.app.CommandContext;
import io.duckdock.app.DurationConverter;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.GlobalOptions;
import io.duckdock.app.service.RunningService;
import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.config.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The long-running service: scheduled ingestion and housekeeping until SIGTERM or Ctrl-C. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the DuckDock service: ingest on a schedule (ingest.interval or ingest.cron), sweep"
                    + " abandoned temp files, checkpoint the database, purge the archive after"
                    + " archive.retention, and answer GET /health, /status and /metrics on"
                    + " http.bind:http.port, until SIGTERM or Ctrl-C. On stop the batch in flight commits or"
                    + " rolls back; nothing is left half done."
        })
public final class RunCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions globalOptions;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Stop by itself after D (e.g. 30s); default: run until stopped.")
    private Duration duration;

    @Option(
            names = "--standby",
            description = "Stand by while another service holds this home's ingester lock, and take over when it"
                    + " dies, instead of exiting with code 4 (same as --set cluster.standby=true).")
    private boolean standby;

    @Override
    public Integer call() throws InterruptedException {
        CommandContext context = CommandContext.load(spec);
        DuckDockConfig config = context.config();
        if (standby) {
            Map<String, String> overrides = new LinkedHashMap<>(context.overrides());
            overrides.put("cluster.standby", "true");
            config = ConfigLoader.load(context.home(), context.environment(), overrides);
        }
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stopped = new CountDownLatch(1);
        RunningService service = RunningService.start(config, Clock.systemUTC());
        err.println(startLine(config, service.address()));
        err.flush();
        Thread hook = new Thread(() -> stop(service, stopped), "duckdock-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean timedOut =
                duration == null ? awaitForever(stopped) : !stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        if (timedOut) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(service, stopped);
        }
        return ExitCodes.OK;
    }

    private static boolean awaitForever(CountDownLatch stopped) throws InterruptedException {
        stopped.await();
        return false;
    }

    private static void stop(RunningService service, CountDownLatch stopped) {
        service.close();
        stopped.countDown();
    }

    static String startLine(DuckDockConfig config, Optional<String> address) {
        String role = config.cluster().clustered()
                ? "; in the cluster of " + config.cluster().jdbcUrl().orElseThrow()
                        + ": ingesting once this node takes over"
                : config.cluster().standby() ? "; standing by until this home's ingester lock is free" : "";
        String schedule = config.ingest().enabled()
                ? config.ingest()
                        .cron()
                        .map(cron -> "on cron '" + cron + "'")
                        .orElse("every " + Durations.format(config.ingest().interval()))
                : "never (ingest.enabled=false)";
        return "DuckDock service: home "
                + config.layout().home()
                + "; ingesting "
                + config.layout().stagingDir()
                + " into "
                + config.layout().database()
                + " "
                + schedule
                + "; sweeping temp files every "
                + Durations.format(config.staging().sweepInterval())
                + "; "
                + address.map(a -> "answering on " + a + " (/health, /status, /metrics)")
                        .orElse("no HTTP endpoint (http.enabled=false)")
                + role
                + ". Stop with Ctrl-C or SIGTERM.";
    }
}
