package io.duckdock.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.cluster.ClusterStatus;
import io.duckdock.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceMetricsTest {
    @TempDir
    Path home;

    @Test
    void lockWaits_areCountedAndSummedInSeconds() {
        IngestActivity activity = new IngestActivity(List.of());
        ServiceMonitor monitor = new ServiceMonitor(
                ConfigLoader.load(home, Map.of(), Map.of()),
                Clock.systemUTC(),
                activity,
                List::of,
                ClusterStatus::single);
        ServiceMetrics metrics = new ServiceMetrics(monitor, List.of());
        assertThat(Http.metric(metrics.scrape(), "duckdock_lock_waits_total")).isZero();
        assertThat(Http.metric(metrics.scrape(), "duckdock_lock_wait_seconds_total"))
                .isZero();

        activity.lockWaited(Duration.ofMillis(1500));
        activity.lockWaited(Duration.ofMillis(250));

        String scrape = metrics.scrape();
        assertThat(Http.metric(scrape, "duckdock_lock_waits_total")).isEqualTo(2);
        assertThat(Http.metric(scrape, "duckdock_lock_wait_seconds_total")).isEqualTo(1.75);
    }
}
