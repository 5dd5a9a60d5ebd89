package io.duckdock.ingest.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.duckdock.ingest.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Quartz's clustered JDBC job store on a real PostgreSQL: two nodes share one schedule. */
@Tag("postgres")
class ClusteredSchedulerTest {
    @RegisterExtension
    static final Postgres POSTGRES = new Postgres();

    private HikariDataSource pool;

    @BeforeEach
    void pool() throws Exception {
        pool = new HikariDataSource();
        pool.setJdbcUrl(POSTGRES.newDatabase());
        pool.setUsername(Postgres.USER);
        pool.setAutoCommit(false);
        pool.setMaximumPoolSize(6);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void quartzTables_areCreatedWhenMissingAndLeftAloneWhenPresent() throws Exception {
        QuartzTables.ensure(pool);
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO qrtz_locks VALUES ('marker', 'KEEP')");
            connection.commit();
        }
        QuartzTables.ensure(pool);

        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT count(*) FROM qrtz_locks WHERE sched_name = 'marker'")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
        assertThat(QuartzTables.statements())
                .hasSize(31)
                .allSatisfy(ddl -> assertThat(ddl).startsWith("CREATE"));
    }

    @Test
    void aSharedJobRunsOnOneNodeAtATime_andOnTheOtherWhenTheFirstStops() throws Exception {
        List<String> runs = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ClusteredStore store = new ClusteredStore(pool, Duration.ofSeconds(1));
        Service a = Service.start(List.of(tick("a", runs, running, overlaps)), Clock.systemUTC(), store);
        try (Service b = Service.start(List.of(tick("b", runs, running, overlaps)), Clock.systemUTC(), store)) {
            awaitRuns(runs, 10);
            a.close();
            int before = runs.size();
            awaitRuns(runs, before + 5);
            assertThat(runs.subList(before + 1, runs.size())).containsOnly("b");
            assertThat(b.stats())
                    .singleElement()
                    .satisfies(t -> assertThat(t.failures()).isZero());
        } finally {
            a.close();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(runs).contains("b");
    }

    private static ScheduledTask tick(String node, List<String> runs, AtomicInteger running, AtomicInteger overlaps) {
        return ScheduledTask.every("tick", Duration.ofMillis(100), () -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Thread.sleep(30);
            runs.add(node);
            running.decrementAndGet();
        });
    }

    private static void awaitRuns(List<String> runs, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runs.size() < count) {
            assertThat(System.nanoTime()).as("runs so far: " + runs).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
