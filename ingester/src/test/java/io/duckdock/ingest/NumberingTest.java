package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import io.duckdock.staging.FileLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-groups numbering against the window, on the same rows: the same files are ingested into
 * one home as DuckDock's producer declares them (conversation runs) and into another without the
 * declaration (numbered by the window); every event must get the same sequence and offset.
 */
class NumberingTest {
    private static final long T0 = 1_767_225_600_000_000L;

    @TempDir
    Path dir;

    /** One event row of a test file. */
    private record Row(String eventId, String conversation, long micros) {}

    /** Writes {@code rows} as they are, with or without the conversation-run declaration. */
    private static void write(Path file, List<Row> rows, boolean declare) {
        long conversations = rows.stream().map(Row::conversation).distinct().count();
        String options = declare
                ? ", KV_METADATA {'" + FileLayout.KEY + "': '"
                        + FileLayout.CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED + "', '" + FileLayout.CONVERSATIONS_KEY
                        + "': '"
                        + conversations + "'}"
                : "";
        Parquet.writeWithOptions(
                file,
                "SELECT event_id::UUID AS event_id, conversation_id, 'e' AS event_type, "
                        + "make_timestamp(micros) AS \"timestamp\", '{}' AS event_data FROM (VALUES " + values(rows)
                        + ") v(pos, event_id, conversation_id, micros) ORDER BY pos",
                options);
    }

    /** Each conversation's rows contiguous, in timestamp order, ties in the order they were made. */
    private static List<Row> grouped(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing(Row::conversation).thenComparingLong(Row::micros));
        return sorted;
    }

    /** Random rows: {@code count} events over {@code conversations}, timestamps from {@code start} with ties. */
    private static List<Row> randomRows(Random random, int count, int conversations, long start) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Row(
                    new java.util.UUID(random.nextLong(), random.nextLong()).toString(),
                    "c-" + random.nextInt(conversations),
                    start + random.nextInt(50) * 1000L));
        }
        return rows;
    }

    /** Ingests the files as they are in {@code files} (one list per file) into two homes; returns their reports. */
    private IngestReport[] ingestBoth(List<List<Row>> files, List<Boolean> declared, String maxFilesPerBatch)
            throws Exception {
        IngestReport[] reports = new IngestReport[2];
        for (int home = 0; home < 2; home++) {
            DuckDockConfig config =
                    TestHomes.config(dir.resolve("home-" + home), "ingest.max-files-per-batch", maxFilesPerBatch);
            config.layout().createDirectories();
            for (int f = 0; f < files.size(); f++) {
                write(
                        config.layout().staging().resolve(String.format("f%03d.parquet", f)),
                        files.get(f),
                        home == 0 && declared.get(f));
                // oldest first is by modification time: make it follow the file order
                Files.setLastModifiedTime(
                        config.layout().staging().resolve(String.format("f%03d.parquet", f)),
                        java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L + f * 1000L));
            }
            reports[home] = TestHomes.ingestOnce(config);
        }
        return reports;
    }

    private Map<String, String> numbers(int home) {
        Map<String, String> numbers = new HashMap<>();
        for (List<String> row : Warehouses.rows(
                dir.resolve("home-" + home).resolve("warehouse.duckdb").toString(),
                "SELECT event_id::VARCHAR, sequence || '/' || event_offset || '/' || conversation_id FROM events")) {
            numbers.put(row.get(0), row.get(1));
        }
        return numbers;
    }

    private void assertSameNumbers(long events) {
        Map<String, String> groups = numbers(0);
        assertThat(groups).hasSize((int) events);
        assertThat(groups).isEqualTo(numbers(1));
        long gapped = Warehouses.count(
                dir.resolve("home-0").resolve("warehouse.duckdb").toString(),
                "SELECT count(*) FROM (SELECT conversation_id, max(sequence) = count(*) AND count(DISTINCT sequence) "
                        + "= count(*) AS ok FROM events GROUP BY ALL) WHERE NOT ok");
        assertThat(gapped).isZero();
    }

    private static List<String> numberings(IngestReport report) {
        return report.batches().stream().map(BatchResult::numbering).toList();
    }

    @Test
    void fileGroups_numberEveryEventAsTheWindowDoesOnRandomBatches() throws Exception {
        Random random = new Random(20261130);
        List<List<Row>> files = new ArrayList<>();
        List<Boolean> declared = new ArrayList<>();
        long events = 0;
        for (int f = 0; f < 9; f++) {
            List<Row> rows = randomRows(random, 100 + random.nextInt(300), 25, T0 + f * 100_000L);
            files.add(grouped(rows));
            declared.add(true);
            events += rows.size();
        }

        IngestReport[] reports = ingestBoth(files, declared, "4");

        assertThat(numberings(reports[0])).containsOnly("file-groups").hasSize(3);
        assertThat(numberings(reports[1])).containsOnly("window");
        assertSameNumbers(events);
    }

    @Test
    void fileGroups_takeAConversationsRunsInTimeOrderWhenALaterFileHoldsItsEarlierEvents() throws Exception {
        Random random = new Random(7);
        List<Row> late = randomRows(random, 200, 10, T0 + 1_000_000L);
        List<Row> early = randomRows(random, 200, 10, T0);

        IngestReport[] reports = ingestBoth(List.of(grouped(late), grouped(early)), List.of(true, true), "10");

        assertThat(numberings(reports[0])).containsExactly("file-groups");
        assertSameNumbers(400);
    }

    @Test
    void fileGroups_fallBackToTheWindowWhenTwoFilesHoldOverlappingTimesOfAConversation() throws Exception {
        Random random = new Random(37);
        List<Row> first = randomRows(random, 200, 10, T0);
        List<Row> second = randomRows(random, 200, 10, T0 + 20_000L);

        IngestReport[] reports = ingestBoth(List.of(grouped(first), grouped(second)), List.of(true, true), "10");

        assertThat(numberings(reports[0])).containsExactly("window");
        assertSameNumbers(400);
    }

    @Test
    void fileGroups_numberTiesAcrossFilesInFileOrder() throws Exception {
        List<Row> first = new ArrayList<>(List.of(
                new Row(new java.util.UUID(1, 1).toString(), "c", T0),
                new Row(new java.util.UUID(1, 2).toString(), "c", T0 + 5_000)));
        for (int i = 0; i < 8; i++) {
            first.add(new Row(new java.util.UUID(1, 10 + i).toString(), "d", T0));
        }
        List<Row> second = List.of(
                new Row(new java.util.UUID(2, 1).toString(), "c", T0 + 5_000),
                new Row(new java.util.UUID(2, 2).toString(), "c", T0 + 6_000),
                new Row(new java.util.UUID(2, 3).toString(), "c", T0 + 7_000),
                new Row(new java.util.UUID(2, 4).toString(), "c", T0 + 8_000));

        IngestReport[] reports = ingestBoth(List.of(first, second), List.of(true, true), "10");

        assertThat(numberings(reports[0])).containsExactly("file-groups");
        assertSameNumbers(14);
    }

    @Test
    void fileGroups_catchAFileThatClaimsTimestampOrderButBreaksIt() throws Exception {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>(grouped(randomRows(random, 200, 10, T0)));
        // swap two rows of the same conversation run so that timestamps go backwards inside it
        int i = 0;
        while (!(rows.get(i).conversation().equals(rows.get(i + 1).conversation())
                && rows.get(i).micros() < rows.get(i + 1).micros())) {
            i++;
        }
        Row first = rows.get(i);
        rows.set(i, rows.get(i + 1));
        rows.set(i + 1, first);

        IngestReport[] reports = ingestBoth(List.of(rows), List.of(true), "10");

        assertThat(numberings(reports[0])).containsExactly("window");
        assertSameNumbers(200);
    }

    @Test
    void fileGroups_catchAFileThatClaimsContiguousRunsButScattersAConversation() throws Exception {
        Random random = new Random(13);
        List<Row> rows = new ArrayList<>(grouped(randomRows(random, 200, 10, T0)));
        // move the last row (of the last conversation) to the front: that run is no longer contiguous
        rows.add(0, rows.remove(rows.size() - 1));

        IngestReport[] reports = ingestBoth(List.of(rows), List.of(true), "10");

        assertThat(numberings(reports[0])).containsExactly("window");
        assertSameNumbers(200);
    }

    @Test
    void aForeignFileInTheBatchMakesTheWholeBatchUseTheWindow() throws Exception {
        Random random = new Random(17);
        List<List<Row>> files =
                List.of(grouped(randomRows(random, 200, 10, T0)), randomRows(random, 200, 10, T0 + 100_000L));

        IngestReport[] reports = ingestBoth(files, List.of(true, false), "10");

        assertThat(numberings(reports[0])).containsExactly("window");
        assertSameNumbers(400);
    }

    @Test
    void fileGroups_fallBackToTheWindowWhenReDeliveredEventsAreDropped() throws Exception {
        Random random = new Random(19);
        List<Row> first = grouped(randomRows(random, 200, 10, T0));
        List<Row> second = new ArrayList<>(randomRows(random, 200, 10, T0 + 100_000L));
        second.add(first.get(100));
        second.add(first.get(3));

        IngestReport[] reports = ingestBoth(List.of(first, grouped(second)), List.of(true, true), "1");

        assertThat(numberings(reports[0])).containsExactly("file-groups", "window");
        assertThat(reports[0].eventsDeduplicated()).isEqualTo(2);
        assertSameNumbers(400);
    }

    @Test
    void fileGroups_rejectOnlyTheDeclaredFileWithABadRowAndNumberTheRestByRuns() throws Exception {
        Random random = new Random(23);
        DuckDockConfig config = TestHomes.config(dir.resolve("home-0"));
        config.layout().createDirectories();
        List<Row> good = grouped(randomRows(random, 200, 10, T0));
        write(config.layout().staging().resolve("good.parquet"), good, true);
        List<Row> bad = new ArrayList<>(grouped(randomRows(random, 200, 10, T0 + 100_000L)));
        bad.set(7, new Row("not-a-uuid", bad.get(7).conversation(), bad.get(7).micros()));
        Parquet.writeWithOptions(
                config.layout().staging().resolve("bad.parquet"),
                "SELECT event_id, conversation_id, 'e' AS event_type, make_timestamp(micros) AS \"timestamp\" "
                        + "FROM (VALUES " + values(bad) + ") v(pos, event_id, conversation_id, micros) ORDER BY pos",
                ", KV_METADATA {'" + FileLayout.KEY + "': '" + FileLayout.CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED
                        + "', '" + FileLayout.CONVERSATIONS_KEY + "': '10'}");

        IngestReport report = TestHomes.ingestOnce(config);

        assertThat(report.rejectedFiles())
                .singleElement()
                .satisfies(f ->
                        assertThat(f.reason()).contains("bad.parquet has invalid rows: row 8: event_id is not a UUID"));
        assertThat(report.eventsIngested()).isEqualTo(200);
        assertThat(numberings(report)).containsExactly("file-groups");
    }

    @Test
    void fileGroups_keepTheFirstCopyOfAnEventRepeatedWithinOneBatch() throws Exception {
        Random random = new Random(29);
        List<Row> first = grouped(randomRows(random, 200, 10, T0));
        List<Row> second = new ArrayList<>(randomRows(random, 200, 10, T0 + 100_000L));
        second.add(first.get(42));

        IngestReport[] reports = ingestBoth(List.of(first, grouped(second)), List.of(true, true), "10");

        assertThat(numberings(reports[0])).containsExactly("window");
        assertThat(reports[0].eventsDeduplicated()).isEqualTo(1);
        assertThat(reports[1].eventsDeduplicated()).isEqualTo(1);
        assertSameNumbers(400);
    }

    @Test
    void fileGroups_catchADescentAtTheBoundaryOfTwoRowGroups() throws Exception {
        List<Row> written = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            written.add(new Row(new java.util.UUID(31, i).toString(), "c-" + (i % 5), T0 + i * 1000L));
        }
        List<Row> rows = new ArrayList<>(grouped(written));
        // rows 1,200..2,399 are conversation c-1 in time order; 2,047 and 2,048 sit in two row groups
        int boundary = 2_048;
        Row last = rows.get(boundary - 1);
        rows.set(boundary - 1, rows.get(boundary));
        rows.set(boundary, last);
        DuckDockConfig config = TestHomes.config(dir.resolve("home-0"));
        config.layout().createDirectories();
        Parquet.writeWithOptions(
                config.layout().staging().resolve("row-groups.parquet"),
                "SELECT event_id::UUID AS event_id, conversation_id, 'e' AS event_type, make_timestamp(micros) AS "
                        + "\"timestamp\" FROM (VALUES " + values(rows) + ") v(pos, event_id, conversation_id, micros) "
                        + "ORDER BY pos",
                ", ROW_GROUP_SIZE 2048, KV_METADATA {'" + FileLayout.KEY + "': '"
                        + FileLayout.CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED + "', '" + FileLayout.CONVERSATIONS_KEY
                        + "': '5'}");

        IngestReport report = TestHomes.ingestOnce(config);

        assertThat(numberings(report)).containsExactly("window");
        assertThat(Warehouses.count(
                        config.layout().database(),
                        "SELECT count(*) FROM (SELECT sequence, "
                                + "\"timestamp\" < lag(\"timestamp\") OVER (PARTITION BY conversation_id ORDER BY sequence) AS back "
                                + "FROM events) WHERE back"))
                .isZero();
    }

    private static String values(List<Row> rows) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            values.append(i == 0 ? "" : ", ")
                    .append("(")
                    .append(i)
                    .append(", '")
                    .append(row.eventId())
                    .append("', '")
                    .append(row.conversation())
                    .append("', ")
                    .append(row.micros())
                    .append(")");
        }
        return values.toString();
    }
}
