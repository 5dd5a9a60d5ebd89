package io.duckdock.staging;

import io.duckdock.config.HadoopConfig;
import io.duckdock.staging.hadoop.StagingFileSystem;
import io.duckdock.staging.parquet.ParquetFileOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Settings of a {@link StagingWriter}; {@link #build()} validates all of them together. */
public final class StagingWriterBuilder {
    public static final int DEFAULT_MAX_ROWS_PER_FILE = 500_000;
    public static final long DEFAULT_MAX_BYTES_PER_FILE = 64L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_FILE_AGE = Duration.ofSeconds(5);
    public static final String DEFAULT_COMPRESSION = "snappy";
    public static final Duration DEFAULT_ROTATION_CHECK_INTERVAL = Duration.ofMillis(200);

    private final String stagingDir;
    private String producerId;
    private int maxRowsPerFile = DEFAULT_MAX_ROWS_PER_FILE;
    private long maxBytesPerFile = DEFAULT_MAX_BYTES_PER_FILE;
    private Duration maxFileAge = DEFAULT_MAX_FILE_AGE;
    private String compression = DEFAULT_COMPRESSION;
    private int lanes = Runtime.getRuntime().availableProcessors();
    private Clock clock = Clock.systemUTC();
    private Duration rotationCheckInterval = DEFAULT_ROTATION_CHECK_INTERVAL;
    private StagingFileSystem fileSystem;
    private HadoopConfig hadoop = HadoopConfig.defaults();

    StagingWriterBuilder(String stagingDir) {
        this.stagingDir = stagingDir;
    }

    /** Part of every file name; letters, digits, '_' and '-'. Default: hostname-pid. */
    public StagingWriterBuilder producerId(String producerId) {
        this.producerId = producerId;
        return this;
    }

    public StagingWriterBuilder maxRowsPerFile(int maxRowsPerFile) {
        this.maxRowsPerFile = maxRowsPerFile;
        return this;
    }

    /**
     * Compared with the size of the file's events before compression (a character of text counts
     * as one byte, plus 24 bytes per event); the events are held in memory until then.
     */
    public StagingWriterBuilder maxBytesPerFile(long maxBytesPerFile) {
        this.maxBytesPerFile = maxBytesPerFile;
        return this;
    }

    /** Measured from a file's first event with {@link #clock(Clock)}. */
    public StagingWriterBuilder maxFileAge(Duration maxFileAge) {
        this.maxFileAge = maxFileAge;
        return this;
    }

    /** snappy, zstd, gzip or uncompressed. */
    public StagingWriterBuilder compression(String compression) {
        this.compression = compression;
        return this;
    }

    /** Number of files open at once, one per concurrently writing thread at most. */
    public StagingWriterBuilder lanes(int lanes) {
        this.lanes = lanes;
        return this;
    }

    public StagingWriterBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public StagingWriterBuilder rotationCheckInterval(Duration rotationCheckInterval) {
        this.rotationCheckInterval = rotationCheckInterval;
        return this;
    }

    /** Hadoop client settings for a staging directory given as a URI, e.g. {@code hdfs://...}. */
    public StagingWriterBuilder hadoop(HadoopConfig hadoop) {
        this.hadoop = java.util.Objects.requireNonNull(hadoop, "hadoop");
        return this;
    }

    /** For tests: a file system seam, e.g. one that injects faults. */
    StagingWriterBuilder fileSystem(StagingFileSystem fileSystem) {
        this.fileSystem = fileSystem;
        return this;
    }

    /**
     * Validates the settings and opens the staging directory, creating it when missing.
     *
     * @throws IllegalArgumentException listing every invalid setting
     * @throws StagingException if the directory cannot be opened or created
     */
    public StagingWriter build() {
        WriterSettings settings = validate();
        StagingFileSystem fs = fileSystem != null ? fileSystem : openFileSystem(stagingDir, hadoop);
        return new LanedStagingWriter(fs, settings);
    }

    static StagingFileSystem openFileSystem(String stagingDir, HadoopConfig hadoop) {
        try {
            return StagingFileSystem.open(stagingDir, hadoop);
        } catch (IOException e) {
            throw new StagingException("Failed to open staging directory '" + stagingDir + "': " + e.getMessage(), e);
        }
    }

    private WriterSettings validate() {
        List<String> problems = new ArrayList<>();
        if (stagingDir == null || stagingDir.isBlank()) {
            problems.add("stagingDir must not be empty");
        }
        String producer = producerId != null ? producerId : defaultProducerId();
        if (!StagedFileNames.isValidProducerId(producer)) {
            problems.add("producerId '" + producer + "' must contain only letters, digits, '_' and '-'");
        }
        if (maxRowsPerFile <= 0) {
            problems.add("maxRowsPerFile must be positive, was " + maxRowsPerFile);
        }
        if (maxBytesPerFile <= 0) {
            problems.add("maxBytesPerFile must be positive, was " + maxBytesPerFile);
        }
        if (maxFileAge == null || maxFileAge.isNegative() || maxFileAge.isZero()) {
            problems.add("maxFileAge must be positive, was " + maxFileAge);
        }
        String codec = compression == null ? null : compression.toLowerCase(Locale.ROOT);
        if (!ParquetFileOptions.COMPRESSIONS.contains(codec)) {
            problems.add("compression '" + compression + "' must be one of snappy, zstd, gzip, uncompressed");
        }
        if (lanes <= 0) {
            problems.add("lanes must be positive, was " + lanes);
        }
        if (clock == null) {
            problems.add("clock must not be null");
        }
        if (rotationCheckInterval == null || rotationCheckInterval.isNegative() || rotationCheckInterval.isZero()) {
            problems.add("rotationCheckInterval must be positive, was " + rotationCheckInterval);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid StagingWriter settings: " + String.join("; ", problems));
        }
        return new WriterSettings(
                producer, maxRowsPerFile, maxBytesPerFile, maxFileAge, codec, lanes, clock, rotationCheckInterval);
    }

    static String defaultProducerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return StagedFileNames.sanitizeProducerId(host, 48) + "-"
                + ProcessHandle.current().pid();
    }
}
