package io.duckdock.ingest.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngestListener;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HousekeepingTest {
    @TempDir
    Path home;

    @Test
    void aThrowingJob_doesNotStopTheOthers_andIsCountedWithItsMessage() throws Exception {
        AtomicInteger counted = new AtomicInteger();
        List<ScheduledTask> tasks = List.of(
                ScheduledTask.every("broken", Duration.ofMillis(100), () -> {
                    throw new IllegalStateException("disk on fire");
                }),
                ScheduledTask.every("counting", Duration.ofMillis(100), counted::incrementAndGet));

        try (Service service = Service.start(tasks, Clock.systemUTC())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (counted.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            TaskStats broken = service.stats().get(0);
            assertThat(counted.get()).isGreaterThanOrEqualTo(5);
            assertThat(broken.failures()).isGreaterThanOrEqualTo(2).isEqualTo(broken.runs());
            assertThat(broken.lastError()).contains("disk on fire");
            TaskStats counting = service.stats().get(1);
            assertThat(counting.failures()).isZero();
            assertThat(counting.lastSuccess()).isPresent();
        }
    }

    @Test
    void service_runsCheckpointAndArchivePurgeBesideIngest() throws Exception {
        DuckDockConfig config = TestHomes.config(
                home, "ingest.interval", "1s", "warehouse.checkpoint-interval", "200ms", "archive.retention", "1d");
        Path oldDay = config.layout().archive().resolve("2001-01-01");
        Files.createDirectories(oldDay);
        Files.writeString(oldDay.resolve("old.parquet"), "x");

        try (IngestService service = IngestService.start(config, Clock.systemUTC(), IngestListener.NONE)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (runs(service, "checkpoint") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(runs(service, "checkpoint")).isGreaterThanOrEqualTo(3);
            assertThat(service.stats())
                    .extracting(TaskStats::name)
                    .contains("ingest", "sweep", "checkpoint", "archive-purge");
            assertThat(service.stats())
                    .allSatisfy(task -> assertThat(task.lastError()).isEmpty());
        }
        assertThat(oldDay).doesNotExist();
        assertThat(Path.of(config.layout().database())).exists();
    }

    private static long runs(IngestService service, String task) {
        return service.stats().stream()
                .filter(t -> t.name().equals(task))
                .findFirst()
                .map(TaskStats::runs)
                .orElse(0L);
    }
}
