package io.duckdock.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.app.Poll;
import io.duckdock.config.ConfigLoader;
import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.DuckDockException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standby service on the home of a running one: what its status says before and after it takes over. */
class StandbyStatusTest {
    @TempDir
    Path home;

    private DuckDockConfig config(boolean standby) {
        return ConfigLoader.load(
                home,
                Map.of(),
                Map.of(
                        "http.enabled", "false",
                        "ingest.interval", "200ms",
                        "cluster.standby", Boolean.toString(standby),
                        "cluster.poll-interval", "100ms"));
    }

    private static StatusReport.Nodes nodes(RunningService service) {
        StatusReport report = service.monitor().report(new StatusReport.Service(true, null, null));
        return StatusReport.fromJson(report.toJson()).nodes();
    }

    @Test
    void standby_reportsTheHolder_thenTakesOverWhenItStops() throws Exception {
        RunningService active = RunningService.start(config(false), Clock.systemUTC());
        try (RunningService standby = RunningService.start(config(true), Clock.systemUTC())) {
            assertThat(nodes(active).mode()).isEqualTo("single");
            StatusReport.Nodes waiting = nodes(standby);
            assertThat(waiting.mode()).isEqualTo("standby");
            assertThat(waiting.role()).isEqualTo("standby");
            assertThat(waiting.lastTakeover()).isNull();
            Poll.until(
                    "the standby reads the holder",
                    Duration.ofSeconds(10),
                    () -> nodes(standby)
                            .activeNode()
                            .startsWith("PID " + ProcessHandle.current().pid()));
            assertThat(standby.monitor().unhealthyReason()).isEmpty();
            StringWriter text = new StringWriter();
            StatusText.print(
                    standby.monitor().report(new StatusReport.Service(true, null, null)), new PrintWriter(text));
            assertThat(text.toString())
                    .contains("Nodes:      standby; ")
                    .contains(" is standby; active: PID "
                            + ProcessHandle.current().pid() + " on ")
                    .contains("; last takeover: none yet");
            ServiceMetrics metrics = new ServiceMetrics(standby.monitor(), List.of());
            assertThat(Http.metric(metrics.scrape(), "duckdock_node_active")).isZero();

            active.close();

            Poll.until(
                    "the standby takes over",
                    Duration.ofSeconds(30),
                    () -> nodes(standby).role().equals("active"));
            StatusReport.Nodes took = nodes(standby);
            assertThat(took.activeNode()).isEqualTo(took.node());
            assertThat(took.lastTakeover()).isNotNull();
            assertThat(Http.metric(metrics.scrape(), "duckdock_node_active")).isEqualTo(1);
            Poll.until(
                    "the new active node runs an ingest",
                    Duration.ofSeconds(30),
                    () -> standby.monitor().taskStats().stream()
                            .anyMatch(t -> t.name().equals("ingest") && t.runs() > 0));
        } finally {
            active.close();
        }
    }

    @Test
    void standby_withAnInvalidCron_failsAtOnceNamingTheKey() {
        Map<String, String> overrides =
                Map.of("http.enabled", "false", "cluster.standby", "true", "ingest.cron", "0 0 25 * * ?");

        assertThatThrownBy(() -> RunningService.start(ConfigLoader.load(home, Map.of(), overrides), Clock.systemUTC()))
                .isInstanceOf(DuckDockException.class)
                .hasMessageStartingWith("Invalid cron expression '0 0 25 * * ?' for the ingest job (ingest.cron): ");
    }
}
