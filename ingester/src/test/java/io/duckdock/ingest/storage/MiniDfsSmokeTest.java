package io.duckdock.ingest.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.ingest.testing.MiniDfs;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("hdfs")
class MiniDfsSmokeTest {
    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @Test
    void miniDfs_startsOnLoopbackAndStoresFiles() throws Exception {
        HDFS.fileSystem().create(new Path("/smoke/a")).close();

        assertThat(java.net.InetAddress.getByName(HDFS.uri().getHost()).isLoopbackAddress()).isTrue();
        assertThat(HDFS.fileSystem().exists(new Path("/smoke/a"))).isTrue();
    }
}
