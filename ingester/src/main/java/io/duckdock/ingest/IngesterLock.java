package io.duckdock.ingest;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.storage.SharedLock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The single-writer lock: an operating-system lock on {@code <home>/ingester.lock}, held for as
 * long as the ingester may write. The OS releases it when the process dies, even by SIGKILL.
 */
public final class IngesterLock implements AutoCloseable {
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private SharedLock shared;

    private IngesterLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the config's home and, when staging is on a remote file system, the
     * {@link SharedLock} beside it that keeps ingesters on other machines out; fails at once.
     *
     * @throws IngesterLockedException when another ingester holds either
     */
    public static IngesterLock acquire(DuckDockConfig config) {
        IngesterLock local = acquire(config.layout().lockFile());
        if (config.layout().stagingDir().isLocal()) {
            return local;
        }
        try {
            local.shared = SharedLock.acquire(config.layout().stagingDir(), config.hadoop());
            return local;
        } catch (SharedLock.HeldException e) {
            local.close();
            throw new IngesterLockedException(
                    e.lock(), e.holder(), config.layout().stagingDir().toString());
        } catch (IOException e) {
            local.close();
            throw new IngestException(
                    "Cannot take the ingester lock beside " + config.layout().stagingDir() + " on "
                            + config.layout().stagingDir().fileSystem() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Before a batch: checks that the shared lock of a remote staging directory is still this
     * process's (see {@link SharedLock#verify}); nothing to check for local staging.
     *
     * @throws IngestException ({@link io.duckdock.error.ErrorCategory#INGESTER_BUSY}) when another ingester
     *     took it over
     */
    public void verifyShared() {
        if (shared == null) {
            return;
        }
        try {
            shared.verify();
        } catch (IOException e) {
            throw new IngestException(
                    io.duckdock.error.ErrorCategory.INGESTER_BUSY,
                    "This ingester lost "
                            + shared.location() + " to another ingester (its HDFS lease was taken over: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                            + "); it stops before loading more. Leave ingestion to "
                            + "the other one, or stop that one and start this one again.",
                    e);
        }
    }

    /** Whether this lock also holds the shared lock of a remote staging directory. */
    public boolean holdsSharedLock() {
        return shared != null;
    }

    /**
     * Takes the lock or fails at once.
     *
     * @throws IngesterLockedException when another process or thread holds it
     * @throws IngestException (configuration) naming the lock file when it cannot be created or opened
     */
    public static IngesterLock acquire(Path lockFile) {
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IngesterLockedException(lockFile, describeHolder(lockFile));
            }
            try {
                writeHolder(channel);
            } catch (IOException e) {
                // the lock is not handed out: release it, or this JVM would hold it until it exits
                channel.close();
                throw e;
            }
            return new IngesterLock(lockFile, channel, lock);
        } catch (IOException e) {
            throw new IngestException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot open the ingester lock file " + lockFile
                            + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); the home must be a writable"
                            + " directory: fix its permissions or choose another --home.",
                    e);
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String holder = "PID " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    /** What the holder wrote into the lock file; it writes just after locking, so an empty file is re-read briefly. */
    private static String describeHolder(Path lockFile) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                String text = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) {
                    return text;
                }
                Thread.sleep(25);
            } catch (IOException e) {
                return "unknown process";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "unknown process";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    public Path lockFile() {
        return lockFile;
    }

    @Override
    public void close() {
        SharedLock releasing = shared;
        shared = null;
        IOException failure = null;
        try {
            lock.release();
        } catch (IOException e) {
            failure = e;
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        closeShared(releasing);
        if (failure != null) {
            throw new IngestException(
                    "Cannot release the ingester lock " + lockFile + ": " + failure.getMessage(), failure);
        }
    }

    /** A lost lease cannot be released; HDFS has given it to another holder already, so that is only logged. */
    private static void closeShared(SharedLock releasing) {
        if (releasing == null) {
            return;
        }
        try {
            releasing.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(IngesterLock.class)
                    .warn("Releasing the shared ingester lock {} failed: {}", releasing.location(), e.getMessage());
        }
    }
}
