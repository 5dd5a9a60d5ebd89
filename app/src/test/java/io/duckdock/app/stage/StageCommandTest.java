package io.duckdock.app.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duckdock.app.CliRun;
import io.duckdock.app.ExitCodes;
import io.duckdock.app.StagedParquet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID_1 = "0190a6f4-8a2b-7c3d-9e4f-000000000001";
    private static final String ID_2 = "0190a6f4-8a2b-7c3d-9e4f-000000000002";
    private static final String ID_3 = "0190a6f4-8a2b-7c3d-9e4f-000000000003";

    @TempDir
    Path dir;

    @Test
    void stage_jsonLines_stagesGoodLinesAndRejectsBadOnesWithLineAndReason() throws Exception {
        Path input = write(
                "events.jsonl",
                "{\"event_id\":\"" + ID_1 + "\",\"conversation_id\":\"c1\",\"experiment_id\":\"exp-1\","
                        + "\"event_type\":\"message.sent\",\"timestamp\":\"2024-05-01T12:00:00Z\","
                        + "\"event_data\":{\"chars\":12}}",
                "{\"event_id\":\"" + ID_2 + "\",\"conversation_id\":\"c1\",\"event_type\":\"note\","
                        + "\"timestamp\":1714564800000000,\"event_data\":\"hello\"}",
                "{not json",
                "{\"conversation_id\":\"\",\"event_type\":\"x\"," + "\"timestamp\":\"2024-05-01T12:00:00Z\"}",
                "{\"conversation_id\":\"c2\",\"event_type\":\"x\",\"timestamp\":\"yesterday\"}",
                "{\"event_id\":\"nope\",\"conversation_id\":\"c2\",\"event_type\":\"x\"," + "\"timestamp\":1}",
                "",
                "{\"event_id\":\"" + ID_3 + "\",\"conversation_id\":\"c3\",\"event_type\":\"x\","
                        + "\"timestamp\":\"2024-05-01T14:00:00+02:00\",\"event_data\":[1,2]}");

        CliRun run = stage(input);

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(run.out)
                .contains("staged 3 events from " + input + ", rejected 4 lines (see " + input + ".rejects.jsonl)");
        assertThat(run.err)
                .contains(input + ":3: not valid JSON")
                .contains(input + ":4: Event field 'conversation_id' is required")
                .contains(input + ":5: timestamp 'yesterday'")
                .contains(input + ":6: event_id 'nope' is not a UUID");
        List<JsonNode> rejects = rejects(input);
        assertThat(rejects).extracting(r -> r.get("line").asLong()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(rejects.get(0).get("input").asText()).isEqualTo("{not json");
        assertThat(rejects.get(2).get("reason").asText()).contains("yesterday");
        assertThat(StagedParquet.query(
                        dir.resolve("home/staging"),
                        "SELECT event_id, event_data, epoch_us(timestamp) FROM events ORDER BY event_id"))
                .containsExactly(
                        List.of(ID_1, "{\"chars\":12}", "1714564800000000"),
                        List.of(ID_2, "\"hello\"", "1714564800000000"),
                        List.of(ID_3, "[1,2]", "1714564800000000"));
    }

    @Test
    void stage_csv_stagesGoodRowsAndRejectsBadOnes() throws Exception {
        Path input = write(
                "events.csv",
                "event_id,conversation_id,experiment_id,event_type,timestamp,event_data",
                ID_1 + ",c1,exp-0,message.sent,2024-05-01T12:00:00Z,\"{\"\"chars\"\": 3}\"",
                ID_2 + ",c1,exp-0,message.sent,2024-05-01T12:00:01Z,{broken",
                ",c2,exp-0,,1714564800000000,",
                ",c3,,tool.called,1714564800000000,",
                "only,three,cells");

        CliRun run = stage(input);

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(run.out).contains("staged 2 events from " + input + ", rejected 3 lines");
        List<JsonNode> rejects = rejects(input);
        assertThat(rejects).extracting(r -> r.get("line").asLong()).containsExactly(3L, 4L, 6L);
        assertThat(rejects.get(0).get("reason").asText()).contains("event_data", "valid JSON");
        assertThat(rejects.get(1).get("reason").asText()).contains("event_type");
        assertThat(rejects.get(2).get("reason").asText()).contains("expected 6 columns, found 3");
        assertThat(rejects.get(2).get("input").asText()).isEqualTo("only,three,cells");
        assertThat(StagedParquet.query(
                        dir.resolve("home/staging"),
                        "SELECT conversation_id, event_data FROM events ORDER BY conversation_id"))
                .containsExactly(List.of("c1", "{\"chars\": 3}"), Arrays.asList("c3", null));
    }

    @Test
    void stage_onlyGoodLines_exitsZeroWithoutRejectsFile() throws Exception {
        Path input = write(
                "good.ndjson",
                "{\"conversation_id\":\"c1\",\"event_type\":\"a\",\"timestamp\":1}",
                "{\"conversation_id\":\"c1\",\"event_type\":\"b\",\"timestamp\":2}");

        CliRun run = stage(input);

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("staged 2 events from " + input).doesNotContain("rejected");
        assertThat(input.resolveSibling("good.ndjson.rejects.jsonl")).doesNotExist();
        assertThat(StagedParquet.count(dir.resolve("home/staging"))).isEqualTo(2);
    }

    @Test
    void stage_manyBadLines_showsTheFirstTenThenACount() throws Exception {
        String[] lines = IntStream.range(0, 13).mapToObj(i -> "bad " + i).toArray(String[]::new);
        Path input = write("bad.jsonl", lines);

        CliRun run = stage(input);

        assertThat(run.exitCode).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(run.err).contains(input + ":10:", "... and 3 more").doesNotContain(input + ":11:");
        assertThat(rejects(input)).hasSize(13);
    }

    @Test
    void stage_csvWithByteOrderMark_readsTheHeader() throws Exception {
        Path input = write("excel.csv", "\uFEFFconversation_id,event_type,timestamp", "c1,a,2024-05-01T12:00:00Z");

        CliRun run = stage(input);

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(StagedParquet.count(dir.resolve("home/staging"))).isEqualTo(1);
    }

    @Test
    void stage_csvWithoutRequiredColumns_rejectsTheFile() throws Exception {
        Path input = write("nohead.csv", "id,when", "1,2");

        CliRun run = stage(input);

        assertThat(run.exitCode).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(run.err).contains("missing column(s) conversation_id, event_type, timestamp");
    }

    @Test
    void stage_missingFile_exitsTwoBeforeStagingAnything() throws Exception {
        Path good = write("good.jsonl", "{\"conversation_id\":\"c\",\"event_type\":\"a\",\"timestamp\":1}");
        Path missing = dir.resolve("missing.jsonl");

        CliRun run = stage(good, missing);

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("Input file " + missing + " does not exist");
        assertThat(StagedParquet.publishedFiles(dir.resolve("home/staging"))).isEmpty();
    }

    @Test
    void stage_unknownExtension_exitsTwo() throws Exception {
        Path input = write("events.txt", "x");

        CliRun run = stage(input);

        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("Cannot tell the format of " + input);
    }

    private CliRun stage(Path... inputs) {
        List<String> args =
                new ArrayList<>(List.of("stage", "--home", dir.resolve("home").toString()));
        for (Path input : inputs) {
            args.add(input.toString());
        }
        return CliRun.run(args.toArray(String[]::new));
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private static List<JsonNode> rejects(Path input) throws IOException {
        Path file = input.resolveSibling(input.getFileName() + ".rejects.jsonl");
        try (var lines = Files.lines(file)) {
            return lines.map(StageCommandTest::parse).collect(Collectors.toList());
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
