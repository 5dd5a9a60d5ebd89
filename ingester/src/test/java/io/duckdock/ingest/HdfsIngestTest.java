package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.scheduler.IngestService;
import io.duckdock.ingest.testing.ConversationProducerMain;
import io.duckdock.ingest.testing.IngestOnceMain;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.LakeChecks;
import io.duckdock.ingest.testing.MiniDfs;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import io.duckdock.staging.StagingWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Staging, archive and rejected (and in the kill test the lake) on a real HDFS; the warehouse and the spool local. */
@Tag("hdfs")
class HdfsIngestTest {
    private static final long T0 = 1_767_225_600_000_000L;

    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    Path home;

    private String root;

    private static String root(TestInfo test) {
        return test.getTestMethod().orElseThrow().getName();
    }

    private DuckDockConfig config(TestInfo test, String... keyValues) {
        root = "/" + test.getTestMethod().orElseThrow().getName();
        List<String> settings = new ArrayList<>(List.of(
                "staging.dir",
                HDFS.uri(root.substring(1) + "/staging"),
                "archive.dir",
                HDFS.uri(root.substring(1) + "/archive"),
                "rejected.dir",
                HDFS.uri(root.substring(1) + "/rejected")));
        settings.addAll(List.of(keyValues));
        return TestHomes.config(home, settings.toArray(String[]::new));
    }

    @Test
    void producersInOtherJvmsWriteToHdfs_scheduledIngestStoresEveryEventOnceAndGapFree(TestInfo test) throws Exception {
        DuckDockConfig config = config(test, "ingest.interval", "200ms", "ingest.max-files-per-batch", "4");
        String staging = config.layout().stagingDir().toString();
        int conversations = 10;
        int events = 60;
        long expected = 3L * conversations * events;
        AtomicLong stored = new AtomicLong();
        try (IngestService service =
                IngestService.start(config, Clock.systemUTC(), batch -> stored.addAndGet(batch.eventsIngested()))) {
            List<Process> processes = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                processes.add(JavaProcess.start(
                        ConversationProducerMain.class,
                        home.resolve("producer-" + p + ".log"),
                        staging,
                        "proc" + p,
                        Integer.toString(conversations),
                        Integer.toString(events),
                        "100"));
            }
            try (StagingWriter writer = StagingWriter.builder(staging)
                    .hadoop(config.hadoop())
                    .producerId("here")
                    .maxRowsPerFile(150)
                    .build()) {
                ConversationProducerMain.write(writer, "here", conversations, events);
            }
            for (Process process : processes) {
                assertThat(JavaProcess.await(process, 120)).isZero();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (stored.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(service.stats())
                    .allSatisfy(task -> assertThat(task.failures()).isZero());
        }

        String db = config.layout().database();
        assertThat(Warehouses.rows(
                        db,
                        "SELECT count(*), count(DISTINCT event_id), min(event_offset), "
                                + "max(event_offset) FROM events"))
                .containsExactly(List.of(expected, expected, 1L, expected).stream()
                        .map(String::valueOf)
                        .toList());
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.count(db, "SELECT count(*) FROM ingest_files WHERE staged_path NOT LIKE 'hdfs://%'"))
                .isZero();
        assertThat(names(root + "/staging")).allMatch(StagingScanner::isHidden);
        assertThat(filesUnder(root + "/archive"))
                .isEqualTo(Warehouses.count(db, "SELECT count(*) FROM ingest_files WHERE status = 'ingested'"));
        assertThat(spoolFiles(config)).isEmpty();
    }

    @Test
    void foreignDuckDbFileCopiedInUnderAHiddenNameAndRenamed_isAccepted(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);
        Path local = Parquet.events(home.resolve("foreign.parquet"), "f", 3, 50, T0);
        FileSystem fs = HDFS.fileSystem();
        org.apache.hadoop.fs.Path hidden = new org.apache.hadoop.fs.Path(root + "/staging/.foreign.parquet.tmp");
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), hidden);

        assertThat(TestHomes.ingestOnce(config).filesIngested()).isZero();
        assertThat(fs.rename(hidden, new org.apache.hadoop.fs.Path(root + "/staging/foreign.parquet")))
                .isTrue();
        IngestReport report = TestHomes.ingestOnce(config);

        assertThat(report.filesIngested()).isEqualTo(1);
        assertThat(report.eventsIngested()).isEqualTo(50);
        assertThat(Warehouses.rows(config.layout().database(), "SELECT status, staged_path FROM ingest_files"))
                .containsExactly(List.of("ingested", HDFS.uri(root.substring(1) + "/staging/foreign.parquet")));
        assertThat(names(root + "/staging")).isEmpty();
        assertThat(filesUnder(root + "/archive")).isEqualTo(1);
        assertThat(spoolFiles(config)).isEmpty();
    }

    @Test
    void clusterNodeWithHdfsStaging_ingestsUnderItsFenceWithoutTheSharedLock_aPlainIngesterIsRefused(TestInfo test)
            throws Exception {
        DuckDockConfig config = config(test);
        FileSystem fs = HDFS.fileSystem();
        Path local = Parquet.events(home.resolve("one.parquet"), "f", 3, 50, T0);
        fs.copyFromLocalFile(
                new org.apache.hadoop.fs.Path(local.toUri()),
                new org.apache.hadoop.fs.Path(root + "/staging/one.parquet"));
        WriteFence clusterRole = () -> {};

        try (IngesterLock homeOnly = IngesterLock.acquire(config.layout().lockFile())) {
            try (Ingester plain = Ingester.create(config, Clock.systemUTC(), IngestListener.NONE)) {
                assertThatThrownBy(() -> plain.runOnce(homeOnly))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("staging.dir " + config.layout().stagingDir()
                                + " is remote: take the lock with IngesterLock.acquire(config), which includes the"
                                + " shared lock, or run as a cluster node, whose fence keeps other writers out");
            }
            try (Ingester node = Ingester.create(config, Clock.systemUTC(), IngestListener.NONE, clusterRole)) {
                IngestReport report = node.runOnce(homeOnly);
                assertThat(report.filesIngested()).isEqualTo(1);
                assertThat(report.eventsIngested()).isEqualTo(50);
            }
        }
        assertThat(names(root + "/staging")).isEmpty();
        assertThat(filesUnder(root + "/archive")).isEqualTo(1);
    }

    @Test
    void badFilesOnHdfs_areRejectedWithReasonsAndMovedToHdfsRejected(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);
        FileSystem fs = HDFS.fileSystem();
        byte[] whole = Files.readAllBytes(Parquet.events(home.resolve("whole.parquet"), "x", 1, 1000, T0));
        put(fs, root + "/staging/empty.parquet", new byte[0]);
        put(fs, root + "/staging/notes.txt", "just some text, not parquet".getBytes(StandardCharsets.UTF_8));
        put(fs, root + "/staging/truncated.parquet", Arrays.copyOf(whole, whole.length / 2));
        put(fs, root + "/staging/good.parquet", whole);

        IngestReport report = TestHomes.ingestOnce(config);

        assertThat(report.filesIngested()).isEqualTo(1);
        assertThat(report.eventsIngested()).isEqualTo(1000);
        assertThat(names(root + "/rejected"))
                .containsExactlyInAnyOrder(
                        "empty.parquet",
                        "empty.parquet.reason.txt",
                        "notes.txt",
                        "notes.txt.reason.txt",
                        "truncated.parquet",
                        "truncated.parquet.reason.txt");
        assertThat(read(fs, root + "/rejected/empty.parquet.reason.txt"))
                .isEqualTo(
                        "empty.parquet is empty (0 bytes)\nFix the file, then put it back with: duckdock requeue empty.parquet\n");
        assertThat(read(fs, root + "/rejected/truncated.parquet.reason.txt"))
                .startsWith("truncated.parquet is not a whole Parquet file");
        assertThat(names(root + "/staging")).isEmpty();
        assertThat(spoolFiles(config)).isEmpty();

        Requeue requeue = new Requeue(config.layout(), config.hadoop(), Clock.systemUTC());
        assertThat(requeue.rejectedFiles()).containsExactly("empty.parquet", "notes.txt", "truncated.parquet");
        put(fs, root + "/rejected/notes.txt", Arrays.copyOf(whole, whole.length));
        assertThat(requeue.requeue("notes.txt")).isEqualTo(HDFS.uri(root.substring(1) + "/staging/notes.txt"));
        assertThat(names(root + "/rejected")).doesNotContain("notes.txt", "notes.txt.reason.txt");
        assertThat(TestHomes.ingestOnce(config).filesDuplicate()).isEqualTo(1);
    }

    @Test
    void ingesterWithHdfsStagingKilledAtRandomPoints_losesNothingDoublesNothingAndLeavesNoSpoolFile(TestInfo test)
            throws Exception {
        // a killed holder's shared lock is free once its lease passes the soft limit (60 s by default)
        HDFS.setLeasePeriod(Duration.ofSeconds(1), Duration.ofMinutes(20));
        DuckDockConfig config =
                config(test, "ingest.max-files-per-batch", "5", "lake.dir", HDFS.uri(root(test) + "/lake"));
        int kills = 10;
        int filesPerRound = 12;
        int eventsPerFile = 40;
        Random random = new Random(11);
        FileSystem fs = HDFS.fileSystem();
        int staged = 0;
        int killedMidRun = 0;
        for (int round = 0; round < kills; round++) {
            for (int f = 0; f < filesPerRound; f++) {
                long t = T0 + (long) round * 1_000_000_000L + f * 1_000_000L;
                Path local = Parquet.events(
                        home.resolve("r" + round + "-f" + f + ".parquet"), "conv" + (f % 5), 6, eventsPerFile, t);
                fs.copyFromLocalFile(
                        true,
                        new org.apache.hadoop.fs.Path(local.toUri()),
                        new org.apache.hadoop.fs.Path(root + "/staging/" + local.getFileName()));
                staged++;
            }
            Path log = home.resolve("ingester-" + round + ".log");
            Process ingester = JavaProcess.start(IngestOnceMain.class, log, args(config, "30"));
            JavaProcess.awaitLine(ingester, log, "locked", 60);
            Thread.sleep(random.nextInt(2000));
            if (ingester.isAlive()) {
                killedMidRun++;
            }
            ingester.destroyForcibly();
            ingester.waitFor();
        }
        Process last = JavaProcess.start(IngestOnceMain.class, home.resolve("final.log"), args(config, "60"));
        assertThat(JavaProcess.await(last, 300))
                .as(Files.readString(home.resolve("final.log")))
                .isZero();

        assertThat(killedMidRun).isGreaterThanOrEqualTo(kills / 2);
        long events = (long) staged * eventsPerFile;
        String db = config.layout().database();
        assertThat(Warehouses.rows(
                        db,
                        "SELECT count(*), count(DISTINCT event_id), min(event_offset), "
                                + "max(event_offset), count(DISTINCT event_offset) FROM events"))
                .containsExactly(List.of(events, events, 1L, events, events).stream()
                        .map(String::valueOf)
                        .toList());
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.rows(
                        db,
                        "SELECT count(*), count(DISTINCT file_name) FROM ingest_files " + "WHERE status = 'ingested'"))
                .containsExactly(List.of(String.valueOf(staged), String.valueOf(staged)));
        assertThat(Warehouses.count(db, "SELECT count(*) FROM ingest_files WHERE status <> 'ingested'"))
                .isZero();
        assertThat(filesUnder(root + "/archive")).isEqualTo(staged);
        assertThat(names(root + "/staging")).isEmpty();
        assertThat(names(root)).containsExactlyInAnyOrder("staging", "archive", "lake");
        assertThat(spoolFiles(config)).isEmpty();
        LakeChecks.assertLakeEqualsWarehouse(config);
        LakeChecks.assertNothingLeftBehind(config, fs);
    }

    @Test
    void sweepAndArchivePurge_workOnHdfs(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);
        FileSystem fs = HDFS.fileSystem();
        long old = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        put(fs, root + "/staging/.duckdock-crashed.parquet.tmp", new byte[10]);
        fs.setTimes(new org.apache.hadoop.fs.Path(root + "/staging/.duckdock-crashed.parquet.tmp"), old, -1);
        put(fs, root + "/staging/.duckdock-writing.parquet.tmp", new byte[10]);
        put(fs, root + "/archive/2020-01-01/a.parquet", new byte[3]);
        put(fs, root + "/archive/2020-01-01/b.parquet", new byte[4]);
        put(fs, root + "/archive/notes/c.parquet", new byte[5]);

        io.duckdock.staging.SweepResult swept = io.duckdock.staging.TempFileSweeper.sweep(
                config.layout().stagingDir().toString(), config.hadoop(), Duration.ofHours(1), Clock.systemUTC());
        ArchivePurge.Result purged = ArchivePurge.purge(
                io.duckdock.ingest.storage.Directory.of(config.layout().archiveDir(), config.hadoop()),
                Duration.ofDays(1),
                Clock.systemUTC());

        assertThat(swept.deleted()).isEqualTo(1);
        assertThat(names(root + "/staging")).containsExactly(".duckdock-writing.parquet.tmp");
        assertThat(purged).isEqualTo(new ArchivePurge.Result(1, 2, 7));
        assertThat(names(root + "/archive")).containsExactly("notes");
    }

    @Test
    void validate_judgesFilesOnHdfsWithoutMovingThem(TestInfo test) throws Exception {
        DuckDockConfig config = config(test);
        FileSystem fs = HDFS.fileSystem();
        byte[] whole = Files.readAllBytes(Parquet.events(home.resolve("whole.parquet"), "v", 2, 30, T0));
        put(fs, root + "/staging/good.parquet", whole);
        put(fs, root + "/staging/truncated.parquet", Arrays.copyOf(whole, whole.length - 3));
        io.duckdock.ingest.storage.Directory staging =
                io.duckdock.ingest.storage.Directory.of(config.layout().stagingDir(), config.hadoop());

        List<Validator.Verdict> verdicts = new Validator(config.warehouse())
                .validate(staging, List.of("good.parquet", "truncated.parquet", "absent.parquet"));

        String dir = config.layout().stagingDir() + "/";
        assertThat(verdicts)
                .containsExactly(
                        new Validator.Verdict(
                                dir + "truncated.parquet",
                                false,
                                0,
                                java.util.Optional.of(
                                        "truncated.parquet is not a whole Parquet file (no PAR1 magic bytes at the end: "
                                                + "truncated, or still being written)")),
                        new Validator.Verdict(
                                dir + "absent.parquet",
                                false,
                                0,
                                java.util.Optional.of(dir + "absent.parquet does not exist")),
                        new Validator.Verdict(dir + "good.parquet", true, 30, java.util.Optional.empty()));
        assertThat(names(root + "/staging")).containsExactlyInAnyOrder("good.parquet", "truncated.parquet");
    }

    private String[] args(DuckDockConfig config, String waitSeconds) {
        return new String[] {
            "--wait-lock=" + waitSeconds,
            home.toString(),
            "staging.dir",
            config.layout().stagingDir().toString(),
            "archive.dir",
            config.layout().archiveDir().toString(),
            "rejected.dir",
            config.layout().rejectedDir().toString(),
            "lake.dir",
            config.layout().lakeDir().toString(),
            "ingest.max-files-per-batch",
            "5"
        };
    }

    @AfterEach
    void restoreLeaseLimits() {
        HDFS.setLeasePeriod(Duration.ofSeconds(60), Duration.ofMinutes(20));
    }

    private static void put(FileSystem fs, String path, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(path), true)) {
            out.write(bytes);
        }
    }

    private static String read(FileSystem fs, String path) throws IOException {
        try (var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(String dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus status : HDFS.fileSystem().listStatus(new org.apache.hadoop.fs.Path(dir))) {
            names.add(status.getPath().getName());
        }
        return names;
    }

    private static long filesUnder(String dir) throws IOException {
        long files = 0;
        RemoteIterator<LocatedFileStatus> all = HDFS.fileSystem().listFiles(new org.apache.hadoop.fs.Path(dir), true);
        while (all.hasNext()) {
            all.next();
            files++;
        }
        return files;
    }

    private static List<Path> spoolFiles(DuckDockConfig config) throws IOException {
        if (!Files.exists(config.layout().spool())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.walk(config.layout().spool())) {
            return entries.filter(Files::isRegularFile).toList();
        }
    }
}
