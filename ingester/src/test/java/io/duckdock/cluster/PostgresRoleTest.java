package io.duckdock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.ClusterConfig;
import io.duckdock.ingest.FencedException;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.Postgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The active role as a PostgreSQL advisory lock, against a real PostgreSQL. */
@Tag("postgres")
class PostgresRoleTest {
    @RegisterExtension
    static final Postgres POSTGRES = new Postgres();

    @TempDir
    Path homeA;

    @TempDir
    Path homeB;

    private String url;

    @BeforeEach
    void database() throws Exception {
        url = POSTGRES.newDatabase();
    }

    private PostgresRole role(Path home, Duration sessionTimeout) {
        ClusterConfig config = new ClusterConfig(
                false,
                Optional.of(url),
                Postgres.USER,
                Optional.empty(),
                Duration.ofSeconds(2),
                Duration.ofMillis(100),
                sessionTimeout,
                Duration.ofSeconds(1));
        PostgresRole role = new PostgresRole(
                config,
                home.resolve("ingester.lock"),
                new NodeTable(home.toString(), Clock.systemUTC().instant(), () -> null),
                Clock.systemUTC());
        role.connect();
        return role;
    }

    @Test
    void onlyOneNodeTakesTheRole_andTheOtherTakesItOnceReleased() {
        try (PostgresRole a = role(homeA, Duration.ofSeconds(10));
                PostgresRole b = role(homeB, Duration.ofSeconds(10))) {
            Optional<IngesterLock> lockA = a.tryTake();
            assertThat(lockA).isPresent();
            assertThat(b.tryTake()).isEmpty();
            a.fence().check();
            assertThat(a.held()).isTrue();

            lockA.get().close();
            a.release();

            assertThatThrownBy(() -> a.fence().check())
                    .isInstanceOf(FencedException.class)
                    .hasMessage("This node no longer holds the active role of the cluster: the batch was rolled back"
                            + " and stays in staging.");
            Optional<IngesterLock> lockB = b.tryTake();
            assertThat(lockB).isPresent();
            lockB.get().close();
        }
    }

    @Test
    void aTerminatedSession_closesTheFenceAndFreesTheRole() throws Exception {
        try (PostgresRole a = role(homeA, Duration.ofSeconds(10));
                PostgresRole b = role(homeB, Duration.ofSeconds(10))) {
            IngesterLock lockA = a.tryTake().orElseThrow();
            POSTGRES.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'duckdock " + NodeTable.NODE + "' AND pid IN"
                    + " (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = " + PostgresRole.ROLE_KEY
                    + ")");

            assertThatThrownBy(() -> a.fence().check())
                    .isInstanceOf(FencedException.class)
                    .hasMessageStartingWith("This node lost its cluster database session (");
            assertThat(a.held()).isFalse();
            lockA.close();
            b.tryTake().orElseThrow().close();
        }
    }

    @Test
    void aSilentActiveNode_losesTheRoleAfterTheSessionTimeout() throws Exception {
        try (PostgresRole a = role(homeA, Duration.ofSeconds(1));
                PostgresRole b = role(homeB, Duration.ofSeconds(10))) {
            IngesterLock lockA = a.tryTake().orElseThrow();
            Thread.sleep(2500); // silent past cluster.session-timeout, as a paused process would be

            Optional<IngesterLock> lockB = b.tryTake();
            assertThat(lockB).isPresent();
            assertThatThrownBy(() -> a.fence().check()).isInstanceOf(FencedException.class);
            lockA.close();
            lockB.get().close();
        }
    }

    @Test
    void members_showTheActiveNodeAndWhenItTookOver() {
        try (PostgresRole a = role(homeA, Duration.ofSeconds(10))) {
            IngesterLock lock = a.tryTake().orElseThrow();
            assertThat(a.held()).isTrue();

            assertThat(a.members()).singleElement().satisfies(m -> {
                assertThat(m.node()).isEqualTo(NodeTable.NODE);
                assertThat(m.role()).isEqualTo("active");
                assertThat(m.activeSince()).isPresent();
                assertThat(m.alive()).isTrue();
            });
            assertThat(a.holder()).isEqualTo(NodeTable.NODE);
            lock.close();
        }
    }
}
