package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fence a cluster node passes to the ingester: checked before each batch commits. */
class WriteFenceTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path home;

    @Test
    void aClosedFence_rollsTheBatchBackAndLeavesItsFilesInStaging() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-files-per-batch", "1");
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        Parquet.events(staging.resolve("a.parquet"), "c", 2, 10, T0);
        Parquet.events(staging.resolve("b.parquet"), "c", 2, 10, T0 + 1_000_000_000L);
        AtomicBoolean open = new AtomicBoolean(true);
        AtomicInteger checks = new AtomicInteger();
        WriteFence fence = () -> {
            checks.incrementAndGet();
            if (!open.getAndSet(false)) {
                throw new FencedException("fenced in the test");
            }
        };

        try (IngesterLock lock = IngesterLock.acquire(config.layout().lockFile());
                Ingester ingester = Ingester.create(config, Clock.systemUTC(), IngestListener.NONE, fence)) {
            assertThatThrownBy(() -> ingester.runOnce(lock))
                    .isInstanceOf(FencedException.class)
                    .hasMessage("fenced in the test");
        }

        // the first check let batch 1 commit; the second, before its publication's first Iceberg commit,
        // stopped it: the batch is in the warehouse only, so both files are still staged
        assertThat(checks).hasValue(2);
        String db = config.layout().database();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events")).isEqualTo(10);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM ingest_batches")).isEqualTo(1);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM lake_batches")).isZero();
        assertThat(staging.resolve("a.parquet")).exists();
        assertThat(staging.resolve("b.parquet")).exists();
    }
}
