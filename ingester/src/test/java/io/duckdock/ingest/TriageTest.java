package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.ingest.sql.Micros;
import io.duckdock.ingest.storage.Directory;
import io.duckdock.ingest.storage.Spool;
import io.duckdock.ingest.testing.LogLines;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triage against a real in-memory warehouse (for the ledger) and real files. */
class TriageTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path dir;

    private Path staging;
    private Connection connection;
    private Triage triage;

    @BeforeEach
    void setUp() throws Exception {
        staging = Files.createDirectories(dir.resolve("staging"));
        connection = Warehouse.openForWriting(":memory:", TestHomes.config(dir).warehouse(), Duration.ZERO);
        triage = new Triage(Directory.local(staging), new Spool(dir.resolve("spool")), Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() throws Exception {
        connection.close();
    }

    private StagedFile staged(Path file, Instant modified) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return new StagedFile(
                file.toString(), Files.size(file), modified.truncatedTo(ChronoUnit.MICROS), Files.isSymbolicLink(file));
    }

    private StagedFile settled(Path file) throws Exception {
        return staged(file, NOW.minusSeconds(60));
    }

    private void record(StagedFile file, String fingerprint, String status) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ingest_files VALUES (?, ?, ?, " + "make_timestamp(?), ?, 0, 1, ?, NULL, now())")) {
            insert.setString(1, file.name());
            insert.setString(2, file.path().toString());
            insert.setLong(3, file.size());
            insert.setLong(4, Micros.of(file.modified()));
            insert.setString(5, fingerprint);
            insert.setString(6, status);
            insert.execute();
        }
    }

    @Test
    void sort_makesAWholeParquetFileACandidateWithItsFooterRowCount() throws Exception {
        StagedFile good = settled(Parquet.events(staging.resolve("good.parquet"), "c", 2, 10, T0));

        Triage.Result result = triage.sort(connection, List.of(good), NOW);

        assertThat(result.candidates()).singleElement().satisfies(c -> {
            assertThat(c.file()).isEqualTo(good);
            assertThat(c.probe().rows()).isEqualTo(10);
            assertThat(c.fingerprint()).hasSize(64);
        });
        assertThat(result.decided()).isEmpty();
    }

    @Test
    void sort_defersAnIncompleteFileWhileItIsYoungerThanTheSettleTime() throws Exception {
        Path partial = Files.write(staging.resolve("partial.parquet"), "PAR1 still copying".getBytes());

        Triage.Result young = triage.sort(connection, List.of(staged(partial, NOW.minusSeconds(2))), NOW);
        Triage.Result old = triage.sort(connection, List.of(staged(partial, NOW.minusSeconds(60))), NOW);

        assertThat(young.deferred()).hasSize(1);
        assertThat(young.decided()).isEmpty();
        assertThat(old.deferred()).isEmpty();
        assertThat(old.decided()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileStatus.REJECTED);
            assertThat(o.reason()).get().asString().startsWith("partial.parquet is not a whole Parquet file");
        });
    }

    @Test
    void sort_keepsTheFirstOfTwoFilesWithTheSameContentAndCallsTheOtherADuplicate() throws Exception {
        StagedFile first = settled(Parquet.events(staging.resolve("a.parquet"), "c", 1, 5, T0));
        Path copy = Files.copy(Path.of(first.path()), staging.resolve("b.parquet"));

        Triage.Result result = triage.sort(connection, List.of(first, settled(copy)), NOW);

        assertThat(result.candidates()).extracting(c -> c.file().name()).containsExactly("a.parquet");
        assertThat(result.decided()).singleElement().satisfies(o -> {
            assertThat(o.file().name()).isEqualTo("b.parquet");
            assertThat(o.status()).isEqualTo(FileStatus.DUPLICATE);
        });
    }

    @Test
    void sort_callsContentIngestedBeforeUnderAnotherNameADuplicate() throws Exception {
        StagedFile file = settled(Parquet.events(staging.resolve("again.parquet"), "c", 1, 5, T0));
        String fingerprint =
                triage.sort(connection, List.of(file), NOW).candidates().get(0).fingerprint();
        record(
                new StagedFile(staging.resolve("first-name.parquet").toString(), file.size(), file.modified(), false),
                fingerprint,
                "ingested");

        Triage.Result result = triage.sort(connection, List.of(file), NOW);

        assertThat(result.candidates()).isEmpty();
        assertThat(result.decided())
                .singleElement()
                .extracting(FileOutcome::status)
                .isEqualTo(FileStatus.DUPLICATE);
    }

    @Test
    void sort_finishesTheMoveOfAFileAnInterruptedRunAlreadyRecorded() throws Exception {
        StagedFile file = settled(Parquet.events(staging.resolve("recorded.parquet"), "c", 1, 5, T0));
        String fingerprint =
                triage.sort(connection, List.of(file), NOW).candidates().get(0).fingerprint();
        record(file, fingerprint, "ingested");

        Triage.Result result = triage.sort(connection, List.of(file), NOW);

        assertThat(result.pendingMoves()).singleElement().satisfies(m -> {
            assertThat(m.file()).isEqualTo(file);
            assertThat(m.status()).isEqualTo(FileStatus.INGESTED);
        });
        assertThat(result.candidates()).isEmpty();
        assertThat(result.decided()).isEmpty();
    }

    @Test
    void sort_rejectsASymbolicLinkOutOfStagingWithoutReadingIt() throws Exception {
        Path outside = Parquet.events(dir.resolve("secret.parquet"), "s", 1, 5, T0);
        Path link = Files.createSymbolicLink(staging.resolve("link.parquet"), outside);
        StagedFile file = new StagedFile(link.toString(), Files.size(outside), NOW.minusSeconds(60), true);

        Triage.Result result = triage.sort(connection, List.of(file), NOW);

        assertThat(result.decided()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(FileStatus.REJECTED);
            assertThat(o.fingerprint()).isEqualTo(FileProbe.UNREAD);
            assertThat(o.reason()).get().asString().contains("outside the staging directory");
        });
    }

    @Test
    void sort_defersAFileWhoseBytesCannotBeReadAndSortsTheRestOfTheBatch() throws Exception {
        StagedFile good = settled(Parquet.events(staging.resolve("good.parquet"), "c", 1, 5, T0));
        // reading a directory fails with EISDIR after a successful open, as a disk's EIO or EACCES would
        Path unreadable = Files.createDirectory(staging.resolve("unreadable.parquet"));
        StagedFile file = new StagedFile(unreadable.toString(), 100, NOW.minusSeconds(60), false);

        Triage.Result result;
        try (LogLines log = new LogLines(Triage.class)) {
            result = triage.sort(connection, List.of(file, good), NOW);

            assertThat(log.lines())
                    .containsExactly(
                            "WARN staged file " + unreadable + " cannot be read (IOException: Is a directory): "
                                    + "left in staging and retried every run; fix its permissions (the ingester's user must "
                                    + "be able to read it) or the disk or file system it is on");
        }
        assertThat(result.deferred()).containsExactly(file);
        assertThat(result.decided()).isEmpty();
        assertThat(result.candidates()).extracting(Triage.Candidate::file).containsExactly(good);
    }

    @Test
    void sort_readsADeferredUnreadableFileAgainOnceItCanBeRead() throws Exception {
        Path path = Files.createDirectory(staging.resolve("late.parquet"));
        StagedFile unreadable = new StagedFile(path.toString(), 100, NOW.minusSeconds(60), false);
        Triage.Result before = triage.sort(connection, List.of(unreadable), NOW);
        Files.delete(path);
        StagedFile readable = settled(Parquet.events(path, "c", 1, 5, T0));

        Triage.Result after = triage.sort(connection, List.of(readable), NOW);

        assertThat(before.deferred()).containsExactly(unreadable);
        assertThat(after.deferred()).isEmpty();
        assertThat(after.candidates())
                .singleElement()
                .satisfies(c -> assertThat(c.probe().rows()).isEqualTo(5));
    }

    @Test
    void sort_skipsAFileGoneSinceItWasListed() throws Exception {
        StagedFile good = settled(Parquet.events(staging.resolve("good.parquet"), "c", 1, 5, T0));
        StagedFile gone = new StagedFile(staging.resolve("gone.parquet").toString(), 100, NOW.minusSeconds(60), false);

        Triage.Result result;
        try (LogLines log = new LogLines(Triage.class)) {
            result = triage.sort(connection, List.of(gone, good), NOW);

            assertThat(log.lines())
                    .containsExactly("INFO staged file " + gone.path()
                            + " is gone since it was listed (requeued, swept or moved by another node): skipped");
        }
        assertThat(result.deferred()).isEmpty();
        assertThat(result.decided()).isEmpty();
        assertThat(result.candidates()).extracting(Triage.Candidate::file).containsExactly(good);
    }

    @Test
    void sort_keepsAFileListedAgainAndGoneAgainOutOfTheRestOfTheRun() throws Exception {
        StagedFile gone = new StagedFile(staging.resolve("gone.parquet").toString(), 100, NOW.minusSeconds(60), false);

        Triage.Result first = triage.sort(connection, List.of(gone), NOW);
        Triage.Result second = triage.sort(connection, List.of(gone), NOW);

        assertThat(first.deferred()).isEmpty();
        assertThat(second.deferred()).containsExactly(gone);
        assertThat(second.decided()).isEmpty();
    }
}
