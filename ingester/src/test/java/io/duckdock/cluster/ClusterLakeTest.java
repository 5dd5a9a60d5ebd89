package io.duckdock.cluster;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.error.DuckDockException;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster node refuses to start without a lake every node shares. */
class ClusterLakeTest {
    private static final String URL = "jdbc:postgresql://db:5432/dd";

    @TempDir
    Path root;

    @Test
    void aLakeInsideTheHome_isRefusedNamingLakeDir() {
        Path home = root.resolve("home");
        assertThatThrownBy(() -> ClusterLake.check(TestHomes.config(home, "cluster.jdbc-url", URL)))
                .isInstanceOf(DuckDockException.class)
                .hasMessage("cluster.jdbc-url is set but lake.dir (" + home.resolve("lake") + ") is inside this "
                        + "node's home " + home + ": set lake.dir to the directory every node of the cluster shares "
                        + "(on HDFS or a mount), like staging.dir.");
    }

    @Test
    void aDisabledLake_isRefused() {
        assertThatThrownBy(() -> ClusterLake.check(
                        TestHomes.config(root.resolve("home"), "cluster.jdbc-url", URL, "lake.enabled", "false")))
                .isInstanceOf(DuckDockException.class)
                .hasMessageStartingWith("cluster.jdbc-url is set but lake.enabled is false");
    }

    @Test
    void aSharedLake_isAccepted() {
        assertThatCode(() -> ClusterLake.check(TestHomes.config(
                        root.resolve("home"),
                        "cluster.jdbc-url",
                        URL,
                        "lake.dir",
                        root.resolve("shared/lake").toString())))
                .doesNotThrowAnyException();
    }
}
