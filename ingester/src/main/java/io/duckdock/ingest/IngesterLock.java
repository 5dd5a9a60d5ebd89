package io.duckdock.ingest;

import io.duckdock.error.ErrorCategory;
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

    private IngesterLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
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
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
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
            writeHolder(channel);
            return new IngesterLock(lockFile, channel, lock);
        } catch (IOException e) {
            throw new IngestException(ErrorCategory.CONFIGURATION, "Cannot open the ingester lock file " + lockFile
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the home must be a writable"
                    + " directory: fix its permissions or choose another --home.", e);
        }
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String holder = "PID " + ProcessHandle.current().pid() + " on " + hostName()
                + " since " + Instant.now() + "\n";
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
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new IngestException("Cannot release the ingester lock " + lockFile + ": " + e.getMessage(), e);
        }
    }
}
