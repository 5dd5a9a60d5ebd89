package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus of bad files mixed into one batch with good ones: each bad one rejected for its reason, the good ones in. */
class BadInputTest {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final String GOOD_COLUMNS = "'c-' || (i % 3) AS conversation_id, 'e' AS event_type, "
            + "make_timestamp(" + T0 + " + i) AS \"timestamp\"";

    @TempDir
    Path home;

    private IngestReport ingest(DuckDockConfig config) {
        return TestHomes.ingestOnce(config);
    }

    private Map<String, String> ledger(DuckDockConfig config, String status) {
        Map<String, String> reasons = new HashMap<>();
        for (List<String> row : Warehouses.rows(
                config.layout().database(),
                "SELECT file_name, coalesce(reason, '') FROM ingest_files WHERE status = '" + status + "'")) {
            reasons.put(row.get(0), row.get(1));
        }
        return reasons;
    }

    @Test
    void ingest_rejectsEachBadFileWithItsReasonAndIngestsTheGoodOnes() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.settle-time", "1h");
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        Path outside = Files.createDirectories(home.resolve("elsewhere"));
        Parquet.events(staging.resolve("good plain.parquet"), "g1", 2, 10, T0);
        Parquet.events(staging.resolve("it's \"quoted\"; DROP TABLE events; --.parquet"), "g2", 2, 10, T0);
        Parquet.events(staging.resolve("ünïcødé-日本.parquet"), "g3", 2, 10, T0);
        Parquet.events(staging.resolve("glob[1]*?{a}.parquet"), "g4", 2, 10, T0);
        Files.write(staging.resolve("empty.parquet"), new byte[0]);
        Files.writeString(staging.resolve("notes.txt"), "this is not parquet at all, just some text");
        Path whole = Parquet.events(home.resolve("whole.parquet"), "x", 1, 1000, T0);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(staging.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        byte[] corrupt = bytes.clone();
        Arrays.fill(corrupt, 4, corrupt.length / 2, (byte) 7);
        Files.write(staging.resolve("corrupt-middle.parquet"), corrupt);
        Parquet.write(
                staging.resolve("no-event-type.parquet"),
                "SELECT 'c' AS conversation_id, make_timestamp(" + T0 + ") AS \"timestamp\"");
        Parquet.write(
                staging.resolve("text-timestamp.parquet"),
                "SELECT 'c' AS conversation_id, 'e' AS event_type, 'yesterday' AS \"timestamp\"");
        Parquet.write(
                staging.resolve("null-conversation.parquet"),
                "SELECT CASE WHEN i = 4 THEN NULL ELSE 'c' END "
                        + "AS conversation_id, 'e' AS event_type, make_timestamp(" + T0
                        + ") AS \"timestamp\" FROM range(10) t(i)");
        Parquet.write(
                staging.resolve("empty-type.parquet"),
                "SELECT 'c' AS conversation_id, '' AS event_type, " + "make_timestamp(" + T0 + ") AS \"timestamp\"");
        Parquet.write(
                staging.resolve("blank-conversation.parquet"),
                "SELECT '   ' AS conversation_id, 'e' AS event_type, " + "make_timestamp(" + T0 + ") AS \"timestamp\"");
        Parquet.write(
                staging.resolve("nbsp-type.parquet"),
                "SELECT 'c' AS conversation_id, chr(160) || chr(12288) " + "AS event_type, make_timestamp(" + T0
                        + ") AS \"timestamp\"");
        Parquet.write(
                staging.resolve("unicode-values.parquet"),
                "SELECT 'ünï-' || i AS conversation_id, " + "'日本' AS event_type, make_timestamp(" + T0
                        + " + i) AS \"timestamp\" FROM range(5) t(i)");
        Parquet.write(
                staging.resolve("null-timestamp.parquet"),
                "SELECT 'c' AS conversation_id, 'e' AS event_type, " + "NULL::TIMESTAMP AS \"timestamp\"");
        Parquet.write(
                staging.resolve("bad-json.parquet"),
                "SELECT " + GOOD_COLUMNS
                        + ", CASE WHEN i = 2 THEN '{oops' ELSE '{}' END AS event_data FROM range(5) t(i)");
        Parquet.write(
                staging.resolve("bad-uuid.parquet"),
                "SELECT " + GOOD_COLUMNS + ", 'not-a-uuid' AS event_id FROM range(2) t(i)");
        Parquet.events(outside.resolve("secret.parquet"), "s", 1, 5, T0);
        Files.createSymbolicLink(staging.resolve("link-out.parquet"), outside.resolve("secret.parquet"));
        settleAll(staging);

        IngestReport report = ingest(config);

        assertThat(report.filesIngested()).isEqualTo(5);
        assertThat(report.eventsIngested()).isEqualTo(45);
        Map<String, String> rejected = ledger(config, "rejected");
        assertThat(rejected)
                .containsOnlyKeys(
                        "empty.parquet",
                        "notes.txt",
                        "truncated.parquet",
                        "corrupt-middle.parquet",
                        "no-event-type.parquet",
                        "text-timestamp.parquet",
                        "null-conversation.parquet",
                        "empty-type.parquet",
                        "blank-conversation.parquet",
                        "nbsp-type.parquet",
                        "null-timestamp.parquet",
                        "bad-json.parquet",
                        "bad-uuid.parquet",
                        "link-out.parquet");
        assertThat(rejected.get("empty.parquet")).isEqualTo("empty.parquet is empty (0 bytes)");
        assertThat(rejected.get("notes.txt"))
                .isEqualTo("notes.txt is not a Parquet file (it does not start with the PAR1 magic bytes)");
        assertThat(rejected.get("truncated.parquet")).startsWith("truncated.parquet is not a whole Parquet file");
        assertThat(rejected.get("corrupt-middle.parquet")).startsWith("corrupt-middle.parquet cannot be");
        assertThat(rejected.get("no-event-type.parquet"))
                .isEqualTo("no-event-type.parquet lacks the required column 'event_type'");
        assertThat(rejected.get("text-timestamp.parquet"))
                .isEqualTo("text-timestamp.parquet has column 'timestamp' "
                        + "of type VARCHAR; expected a timestamp or an integer of epoch microseconds");
        assertThat(rejected.get("null-conversation.parquet"))
                .isEqualTo("null-conversation.parquet has invalid rows: row 5: conversation_id is null or empty");
        assertThat(rejected.get("empty-type.parquet"))
                .isEqualTo("empty-type.parquet has invalid rows: row 1: event_type is null or empty");
        assertThat(rejected.get("blank-conversation.parquet"))
                .isEqualTo("blank-conversation.parquet has invalid rows: row 1: conversation_id is null or empty");
        assertThat(rejected.get("nbsp-type.parquet"))
                .isEqualTo("nbsp-type.parquet has invalid rows: row 1: event_type is null or empty");
        assertThat(rejected.get("null-timestamp.parquet"))
                .isEqualTo("null-timestamp.parquet has invalid rows: row 1: timestamp is null");
        assertThat(rejected.get("bad-json.parquet"))
                .isEqualTo("bad-json.parquet has invalid rows: row 3: event_data is not valid JSON");
        assertThat(rejected.get("bad-uuid.parquet"))
                .isEqualTo("bad-uuid.parquet has invalid rows: row 1: event_id is not a UUID (and 1 more bad rows)");
        assertThat(rejected.get("link-out.parquet"))
                .startsWith("link-out.parquet is a symbolic link to "
                        + outside.toRealPath().resolve("secret.parquet"))
                .endsWith("outside the staging directory; " + "copy the file into staging instead");

        Path rejectedDir = config.layout().rejected();
        assertThat(Files.readString(rejectedDir.resolve("bad-json.parquet.reason.txt"), StandardCharsets.UTF_8))
                .startsWith("bad-json.parquet has invalid rows: row 3: event_data is not valid JSON\n")
                .contains("duckdock requeue bad-json.parquet");
        assertThat(rejectedDir.resolve("bad-json.parquet")).exists();
        assertThat(outside.resolve("secret.parquet")).exists();
        try (var left = Files.list(staging)) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith(".")))
                    .isEmpty();
        }
        String db = config.layout().database();
        assertThat(Warehouses.count(db, "SELECT count(DISTINCT source_file) FROM events"))
                .isEqualTo(5);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events WHERE event_type = '日本'"))
                .isEqualTo(5);
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM events WHERE source_file = "
                                + "'it''s \"quoted\"; DROP TABLE events; --.parquet'"))
                .isEqualTo(10);
        assertThat(Warehouses.count(db, "SELECT count(*) FROM events WHERE source_file = 'glob[1]*?{a}.parquet'"))
                .isEqualTo(10);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
    }

    /** Alone in its batch, so the load's own constraint (not the per-row check that follows it) must catch it. */
    @Test
    void ingest_rejectsValuesOfOnlyUnicodeSpacesWhenNoOtherRowIsBad() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        Parquet.events(staging.resolve("good-1.parquet"), "g1", 1, 5, T0);
        Parquet.write(
                staging.resolve("nbsp-type.parquet"),
                "SELECT 'c' AS conversation_id, chr(160) || chr(12288) " + "AS event_type, make_timestamp(" + T0
                        + ") AS \"timestamp\"");
        IngestReport typeRun = ingest(config);
        Parquet.events(staging.resolve("good-2.parquet"), "g2", 1, 5, T0);
        Parquet.write(
                staging.resolve("em-space-conversation.parquet"),
                "SELECT chr(8195) AS conversation_id, " + "'e' AS event_type, make_timestamp(" + T0
                        + ") AS \"timestamp\"");
        IngestReport conversationRun = ingest(config);

        assertThat(typeRun.eventsIngested()).isEqualTo(5);
        assertThat(conversationRun.eventsIngested()).isEqualTo(5);
        assertThat(ledger(config, "rejected"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "nbsp-type.parquet",
                        "nbsp-type.parquet has invalid rows: row 1: event_type is null or empty",
                        "em-space-conversation.parquet",
                        "em-space-conversation.parquet has invalid rows: row 1: conversation_id is null or empty"));
    }

    @Test
    void ingest_defersAFileStillBeingCopiedInUntilItSettles() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.settle-time", "1h");
        config.layout().createDirectories();
        Path whole = Parquet.events(home.resolve("whole.parquet"), "c", 1, 100, T0);
        byte[] bytes = Files.readAllBytes(whole);
        Path copying = config.layout().staging().resolve("copying.parquet");
        Files.write(copying, Arrays.copyOf(bytes, bytes.length - 100));

        IngestReport whileCopying = ingest(config);
        Files.write(copying, bytes);
        settleAll(config.layout().staging());
        IngestReport afterCopy = ingest(config);

        assertThat(whileCopying.filesDeferred()).isEqualTo(1);
        assertThat(whileCopying.batches()).isEmpty();
        assertThat(afterCopy.eventsIngested()).isEqualTo(100);
        assertThat(afterCopy.filesRejected()).isZero();
    }

    @Test
    void ingest_leavesAFileThatCannotBeReadInStagingIngestsTheOthersAndTakesItOnceReadable() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        Parquet.events(staging.resolve("good-1.parquet"), "g1", 1, 5, T0);
        Parquet.events(staging.resolve("good-2.parquet"), "g2", 1, 5, T0);
        // root reads a file of mode 0600 anyway: a link to a directory fails the read (EISDIR) as EACCES would
        Path target = Files.createDirectory(staging.resolve(".unreadable-target"));
        Path unreadable = Files.createSymbolicLink(staging.resolve("unreadable.parquet"), target);

        IngestReport whileUnreadable = ingest(config);
        List<List<String>> ledgerBefore =
                Warehouses.rows(config.layout().database(), "SELECT file_name FROM ingest_files ORDER BY 1");
        Files.delete(target);
        Parquet.events(target, "late", 1, 7, T0);
        IngestReport onceReadable = ingest(config);

        assertThat(whileUnreadable.eventsIngested()).isEqualTo(10);
        assertThat(whileUnreadable.filesDeferred()).isEqualTo(1);
        assertThat(whileUnreadable.filesRejected()).isZero();
        assertThat(ledgerBefore).containsExactly(List.of("good-1.parquet"), List.of("good-2.parquet"));
        assertThat(onceReadable.eventsIngested()).isEqualTo(7);
        assertThat(onceReadable.filesDeferred()).isZero();
        assertThat(Files.exists(unreadable, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        assertThat(ledger(config, "ingested"))
                .containsOnlyKeys("good-1.parquet", "good-2.parquet", "unreadable.parquet");
    }

    @Test
    void ingest_acceptsForeignFilesWithExtraColumnsAndCompatibleTypes() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Path staging = config.layout().staging();
        Parquet.write(
                staging.resolve("ms.parquet"),
                "SELECT i::INTEGER AS conversation_id, 'e' AS event_type, "
                        + "make_timestamp(" + T0 + " + i * 1000)::TIMESTAMP_MS AS \"timestamp\", 42 AS extra, "
                        + "[1, 2] AS extra_list, 'mine' AS filename, 7 AS file_index FROM range(3) t(i)");
        Parquet.write(
                staging.resolve("ns.parquet"),
                "SELECT 'c' AS CONVERSATION_ID, 'e' AS Event_Type, "
                        + "make_timestamp(" + T0
                        + ")::TIMESTAMP_NS AS \"timestamp\", '{\"a\": 1}'::JSON AS event_data, "
                        + "repeat('x', 100000) AS experiment_id");
        Parquet.write(
                staging.resolve("tz.parquet"),
                "SELECT 'c' AS conversation_id, 'e' AS event_type, "
                        + "'2024-01-01 12:00:00+02'::TIMESTAMPTZ AS \"timestamp\", uuidv7() AS event_id");
        Parquet.write(
                staging.resolve("int-micros.parquet"),
                "SELECT 'c' AS conversation_id, 'e' AS event_type, " + "(" + T0
                        + ")::BIGINT AS \"timestamp\", (i)::INTEGER AS small FROM range(1) t(i)");
        Parquet.write(
                staging.resolve("seconds.parquet"),
                "SELECT 'c' AS conversation_id, 'e' AS event_type, " + "make_timestamp(" + T0
                        + ")::TIMESTAMP_S AS \"timestamp\" FROM range(2) t(i)");

        IngestReport report = ingest(config);

        assertThat(report.filesRejected()).as(report.rejectedFiles().toString()).isZero();
        assertThat(report.eventsIngested()).isEqualTo(8);
        String db = config.layout().database();
        assertThat(Warehouses.rows(db, "SELECT \"timestamp\"::VARCHAR FROM events WHERE source_file = 'tz.parquet'"))
                .containsExactly(List.of("2024-01-01 10:00:00"));
        assertThat(Warehouses.count(db, "SELECT length(experiment_id) FROM events WHERE source_file = 'ns.parquet'"))
                .isEqualTo(100000);
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM events WHERE source_file = 'ms.parquet' "
                                + "AND conversation_id IN ('0', '1', '2')"))
                .isEqualTo(3);
        assertThat(Warehouses.count(
                        db, "SELECT epoch_us(\"timestamp\") FROM events " + "WHERE source_file = 'int-micros.parquet'"))
                .isEqualTo(T0);
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
    }

    @Test
    void ingest_rejectsAFileWithAColumnNamedLikeTheRowPositionsDuckDockReads() throws Exception {
        DuckDockConfig config = TestHomes.config(home);
        config.layout().createDirectories();
        Parquet.write(
                config.layout().staging().resolve("clash.parquet"),
                "SELECT 'c' AS conversation_id, " + "'e' AS event_type, make_timestamp(" + T0
                        + ") AS \"timestamp\", 5 AS file_row_number");
        Parquet.events(config.layout().staging().resolve("fine.parquet"), "d", 1, 4, T0);

        IngestReport report = ingest(config);

        assertThat(report.eventsIngested()).isEqualTo(4);
        assertThat(report.rejectedFiles())
                .singleElement()
                .satisfies(f -> assertThat(f.reason())
                        .contains(
                                "clash.parquet has a column named 'file_row_number', a name DuckDock reserves for the columns it "
                                        + "adds when reading files; rename or drop that column"));
    }

    @Test
    void ingest_loadsAFileLargerThanTheByteCapInABatchOfItsOwn() throws Exception {
        DuckDockConfig config = TestHomes.config(home, "ingest.max-bytes-per-batch", "1KB");
        config.layout().createDirectories();
        Parquet.events(config.layout().staging().resolve("big.parquet"), "c", 5, 20_000, T0);
        Parquet.events(config.layout().staging().resolve("small.parquet"), "d", 1, 3, T0);

        IngestReport report = ingest(config);

        assertThat(report.batches()).hasSize(2);
        assertThat(report.eventsIngested()).isEqualTo(20_003);
    }

    private static void settleAll(Path staging) throws Exception {
        FileTime old = FileTime.from(Instant.now().minusSeconds(7200));
        try (var files = Files.list(staging)) {
            for (Path file : files.toList()) {
                if (!Files.isSymbolicLink(file)) {
                    Files.setLastModifiedTime(file, old);
                }
            }
        }
    }
}
