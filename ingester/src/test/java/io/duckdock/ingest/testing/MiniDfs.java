package io.duckdock.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process HDFS (a NameNode and one DataNode on loopback) per test class. Starting one takes
 * 15-20 s here, so a class shares it; tests keep apart by using their own directory under it.
 *
 * <pre>
 * &#64;Tag("hdfs")
 * class SomeHdfsTest {
 *     &#64;RegisterExtension
 *     static final MiniDfs HDFS = new MiniDfs();
 * }
 * </pre>
 */
public final class MiniDfs implements BeforeAllCallback, AfterAllCallback {
    private Path baseDir;
    private MiniDFSCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        baseDir = Files.createTempDirectory("duckdock-minidfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
        // every server socket on loopback and a free port, web UIs included
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.namenode.https-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.setInt("dfs.replication", 1);
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (cluster != null) {
            cluster.shutdown(true);
        }
        FileSystem.closeAll();
        if (baseDir != null && Files.exists(baseDir)) {
            try (Stream<Path> entries = Files.walk(baseDir)) {
                for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** {@code hdfs://localhost:<port>} */
    public URI uri() {
        return cluster.getURI();
    }

    /** {@code hdfs://127.0.0.1:<port>/<path>} for a path without a leading slash. */
    public String uri(String path) {
        return uri() + "/" + path;
    }

    /**
     * Sets the NameNode's lease limits: a writer that has not renewed its lease for {@code soft} may
     * lose it to another client. HDFS's defaults are 60 s and 20 min.
     */
    public void setLeasePeriod(java.time.Duration soft, java.time.Duration hard) {
        cluster.setLeasePeriod(soft.toMillis(), hard.toMillis());
    }

    /** A client of the cluster, for a test's own checks; cached by Hadoop, closed after the class. */
    public FileSystem fileSystem() {
        try {
            return cluster.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
