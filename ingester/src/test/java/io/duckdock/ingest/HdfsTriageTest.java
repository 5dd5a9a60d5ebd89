package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import io.duckdock.ingest.storage.Directory;
import io.duckdock.ingest.storage.Spool;
import io.duckdock.ingest.testing.LogLines;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Triage of remote staged files: read failures and vanished files on HDFS, read through the spool. */
@Tag("hdfs")
class HdfsTriageTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final long T0 = 1_700_000_000_000_000L;

    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path dir;

    @Test
    void sort_defersAnUnreadableRemoteFileSkipsAVanishedOneAndSortsTheRest() throws Exception {
        String name = UUID.randomUUID().toString();
        Directory staging = Directory.of(new Location(URI.create(HDFS.uri(name))), HadoopConfig.defaults());
        staging.create();
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(HDFS.uri(name));
        HDFS.fileSystem()
                .copyFromLocalFile(
                        new org.apache.hadoop.fs.Path(Parquet.events(dir.resolve("good.parquet"), "c", 1, 5, T0)
                                .toUri()),
                        new org.apache.hadoop.fs.Path(remote, "good.parquet"));
        // HDFS refuses to open a directory for reading, as it refuses a file its user may not read
        HDFS.fileSystem().mkdirs(new org.apache.hadoop.fs.Path(remote, "unreadable.parquet"));
        StagedFile good = remoteFile(staging, "good.parquet");
        StagedFile unreadable = remoteFile(staging, "unreadable.parquet");
        StagedFile gone = remoteFile(staging, "gone.parquet");
        Triage triage = new Triage(staging, new Spool(dir.resolve("spool")), Duration.ofSeconds(10));

        Triage.Result result;
        try (Connection connection = Warehouse.openForWriting(
                        ":memory:", TestHomes.config(dir).warehouse(), Duration.ZERO);
                LogLines log = new LogLines(Triage.class)) {
            result = triage.sort(connection, List.of(unreadable, gone, good), NOW);

            assertThat(log.lines())
                    .containsExactlyInAnyOrder(
                            "WARN staged file " + unreadable.path() + " cannot be read (NoSuchFileException: "
                                    + unreadable.path() + "): left in staging and retried every run; fix its "
                                    + "permissions (the ingester's user must be able to read it) or the disk or file "
                                    + "system it is on",
                            "INFO staged file " + gone.path() + " is gone since it was listed (requeued, swept or "
                                    + "moved by another node): skipped");
        }
        assertThat(result.deferred()).containsExactly(unreadable);
        assertThat(result.decided()).isEmpty();
        assertThat(result.candidates()).singleElement().satisfies(c -> {
            assertThat(c.file()).isEqualTo(good);
            assertThat(c.probe().rows()).isEqualTo(5);
        });
    }

    private static StagedFile remoteFile(Directory staging, String name) {
        return new StagedFile(staging.pathOf(name), 100, NOW.minusSeconds(60), false);
    }
}
