package io.duckdock.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.IngesterLock;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Standbys on one machine: the role is the home's lock, plus the shared lock when staging is remote. */
@Tag("hdfs")
class LocalRoleTest {
    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path home;

    @Test
    void standbyWithStagingOnHdfs_takesTheSharedLockWithTheRole_andASecondStandbyWaits() {
        DuckDockConfig config = TestHomes.config(
                home,
                "staging.dir",
                HDFS.uri("standby/staging"),
                "archive.dir",
                HDFS.uri("standby/archive"),
                "rejected.dir",
                HDFS.uri("standby/rejected"));
        LocalRole first = new LocalRole(config);
        LocalRole second = new LocalRole(config);

        Optional<IngesterLock> taken = first.tryTake();
        assertThat(taken).isPresent();
        try (IngesterLock lock = taken.get()) {
            // without it every run of the active standby would be refused: remote staging needs the shared lock
            assertThat(lock.holdsSharedLock()).isTrue();
            assertThat(second.tryTake()).isEmpty();
        }
        Optional<IngesterLock> next = second.tryTake();
        assertThat(next).isPresent();
        next.get().close();
    }
}
