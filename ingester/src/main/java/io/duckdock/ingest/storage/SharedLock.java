package io.duckdock.ingest.storage;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import io.duckdock.staging.hadoop.HadoopConfigurations;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.apache.hadoop.ipc.RemoteException;

/**
 * The single-writer lock of a staging directory on shared storage (HDFS): an empty file beside
 * staging, {@code <staging>.ingester.lock}, held open for writing. HDFS grants the lease of an
 * open file to one client at a time; the holder's client renews it while the process lives. When
 * the holder dies, its lease expires after HDFS's soft limit (60 s) and the next
 * {@link #acquire} takes it over (an append on the file, which makes the NameNode recover the dead
 * holder's lease). A second ingester while the holder lives gets {@link HeldException}.
 *
 * <p>Fencing: {@link #verify} asks the NameNode to sync the lock file, which it allows only to the
 * current lease holder; the ingester calls it before every batch, so a holder that was paused past
 * the soft limit and lost the lease stops before loading anything more.
 */
public final class SharedLock implements AutoCloseable {
    /** HDFS's lease soft limit: how long after its holder's death a lock can be taken over. */
    public static final Duration TAKEOVER_AFTER = Duration.ofSeconds(60);

    static final String SUFFIX = ".ingester.lock";
    static final String HOLDER_SUFFIX = ".holder";
    private static final int RECOVERY_ATTEMPTS = 30;

    /** Another live ingester holds the lock. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String lock;
        private final String holder;

        HeldException(String lock, String holder, Throwable cause) {
            super(lock + " is held by " + holder, cause);
            this.lock = lock;
            this.holder = holder;
        }

        public String lock() {
            return lock;
        }

        public String holder() {
            return holder;
        }
    }

    private final FileSystem fs;
    private final Path lock;
    private final FSDataOutputStream out;

    private SharedLock(FileSystem fs, Path lock, FSDataOutputStream out) {
        this.fs = fs;
        this.lock = lock;
        this.out = out;
    }

    /**
     * Takes the lock of a remote staging directory, or fails at once while a live holder has it.
     *
     * @throws HeldException when another client holds the lease
     * @throws IOException when the file system cannot be reached
     */
    public static SharedLock acquire(Location staging, HadoopConfig hadoop) throws IOException {
        // a client of its own: its own lease, never shared with other users of the cached FileSystem
        FileSystem fs = FileSystem.newInstance(staging.uri(), HadoopConfigurations.of(hadoop));
        Path dir = fs.makeQualified(new Path(staging.uri()));
        Path lock = dir.getParent() == null ? new Path(dir, SUFFIX) : new Path(dir.getParent(), dir.getName() + SUFFIX);
        try {
            FSDataOutputStream out = open(fs, lock);
            try (OutputStream holder = fs.create(new Path(lock + HOLDER_SUFFIX), true)) {
                holder.write(describeSelf().getBytes(StandardCharsets.UTF_8));
            }
            return new SharedLock(fs, lock, out);
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    private static FSDataOutputStream open(FileSystem fs, Path lock) throws IOException {
        fs.mkdirs(lock.getParent());
        try {
            return fs.create(lock, false);
        } catch (IOException exists) {
            // an earlier holder's file: held open by a live one, or left by a dead one
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return fs.append(lock);
            } catch (IOException e) {
                // RecoveryInProgressException: the dead holder's lease is being recovered, which
                // closes the file within seconds; anything else: a live holder has the lease
                if (!recovering(e) || attempt >= RECOVERY_ATTEMPTS) {
                    throw new HeldException(lock.toString(), holder(fs, lock), e);
                }
                sleep();
            }
        }
    }

    private static boolean recovering(IOException e) {
        String name = e instanceof RemoteException remote
                ? remote.getClassName()
                : e.getClass().getName();
        return name.endsWith(".RecoveryInProgressException");
    }

    /**
     * Checks with the NameNode that this process still holds the lease.
     *
     * @throws IOException when the lease was lost (a takeover after a pause past the soft limit)
     */
    public void verify() throws IOException {
        if (out instanceof HdfsDataOutputStream hdfs) {
            hdfs.hsync(EnumSet.of(HdfsDataOutputStream.SyncFlag.UPDATE_LENGTH));
        } else {
            out.hsync();
        }
    }

    public String location() {
        return lock.toString();
    }

    /** Releases the lease and deletes the file, so the next ingester need not wait for the soft limit. */
    @Override
    public void close() throws IOException {
        try (FileSystem closing = fs) {
            out.close();
            closing.delete(new Path(lock + HOLDER_SUFFIX), false);
            closing.delete(lock, false);
        }
    }

    private static String holder(FileSystem fs, Path lock) {
        try (FSDataInputStream in = fs.open(new Path(lock + HOLDER_SUFFIX))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "an unknown process";
        }
    }

    private static String describeSelf() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "PID " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now();
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for HDFS lease recovery", e);
        }
    }
}
