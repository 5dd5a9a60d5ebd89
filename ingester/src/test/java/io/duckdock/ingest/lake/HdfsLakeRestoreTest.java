package io.duckdock.ingest.lake;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.LakeChecks;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill-restore-ingest rounds of {@link LakeRestoreTest} with staging, archive, rejected and the
 * lake on a real HDFS (the warehouse local): each restore reads the lake through the spool.
 */
@Tag("hdfs")
@Tag("jvm")
class HdfsLakeRestoreTest {
    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path home;

    @Test
    void killedIngesterAndLostWarehouse_withStagingAndLakeOnHdfs_restoreThenIngestStoresEveryEventOnce()
            throws Exception {
        // a killed holder's shared lock is free once its lease passes the soft limit (60 s by default)
        HDFS.setLeasePeriod(java.time.Duration.ofSeconds(1), java.time.Duration.ofMinutes(20));
        String[] settings = {
            "ingest.max-files-per-batch",
            "3",
            "staging.dir",
            HDFS.uri("restore/staging"),
            "archive.dir",
            HDFS.uri("restore/archive"),
            "rejected.dir",
            HDFS.uri("restore/rejected"),
            "lake.dir",
            HDFS.uri("restore/lake"),
            // the README's advice for a lake on HDFS: a closed file is polled for completion after 20 ms, not 400
            "hadoop.property.dfs.client.block.write.locateFollowingBlock.initial.delay.ms",
            "20"
        };
        DuckDockConfig config = TestHomes.config(home, settings);
        config.layout().createDirectories();
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(HDFS.uri("restore/staging"));
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.set(settings[settings.length - 2].substring("hadoop.property.".length()), settings[settings.length - 1]);
        // the first client of the cluster in this JVM, which Hadoop caches: the final in-process ingest uses it too
        FileSystem fs = staging.getFileSystem(conf);
        fs.mkdirs(staging);
        Path local = Files.createDirectories(home.resolve("to-stage"));
        LakeRestoreTest.killRestoreAndIngest(home, settings, new LakeRestoreTest.StagingArea() {
            @Override
            public void stage(String name, long firstMicros) throws Exception {
                Path file = Parquet.events(local.resolve(name), "conv" + (name.hashCode() & 3), 3, 20, firstMicros);
                // a producer's commit on HDFS: write under a hidden name, then rename
                org.apache.hadoop.fs.Path hidden = new org.apache.hadoop.fs.Path(staging, "." + name + ".tmp");
                fs.copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(file.toUri()), hidden);
                if (!fs.rename(hidden, new org.apache.hadoop.fs.Path(staging, name))) {
                    throw new IllegalStateException("cannot rename " + hidden + " in " + staging);
                }
            }

            @Override
            public long waiting() throws Exception {
                long visible = 0;
                for (FileStatus status : fs.listStatus(staging)) {
                    String name = status.getPath().getName();
                    visible += name.startsWith(".") || name.startsWith("_") ? 0 : 1;
                }
                return visible;
            }
        });

        LakeChecks.assertLakeEqualsWarehouse(config);
        LakeChecks.assertNothingLeftBehind(config, fs);
    }
}
