package io.duckdock.app.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import io.duckdock.app.StagedParquet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceCommandTest {
    @TempDir
    Path home;

    @Test
    void produce_writesConversationsTimesEventsPerConversation() throws Exception {
        CliRun run = CliRun.inHome(
                home,
                "produce",
                "--conversations=30",
                "--events-per-conversation=7",
                "--producers=3",
                "--experiments=2",
                "--seed=1");

        assertThat(run.exitCode).as(run.toString()).isZero();
        ProduceResult result = run.command("produce", ProduceCommand.class).result();
        assertThat(result.events()).isEqualTo(210);
        assertThat(result.files()).isGreaterThanOrEqualTo(3);
        assertThat(result.bytes()).isPositive();
        assertThat(run.out).contains("produced 210 events in " + result.files() + " files");
        Path staging = home.resolve("staging");
        assertThat(StagedParquet.count(staging)).isEqualTo(210);
        assertThat(StagedParquet.query(staging, "SELECT count(DISTINCT event_id) FROM events"))
                .containsExactly(List.of("210"));
        assertThat(StagedParquet.query(staging, "SELECT DISTINCT experiment_id FROM events ORDER BY 1"))
                .isSubsetOf(List.of("exp-0"), List.of("exp-1"));
    }

    @Test
    void produce_eachConversationStartsAndEndsInOrder() throws Exception {
        CliRun run = CliRun.inHome(
                home, "produce", "--conversations=20", "--events-per-conversation=5", "--producers=2", "--seed=2");

        assertThat(run.exitCode).as(run.toString()).isZero();
        List<List<String>> firstAndLast = StagedParquet.query(
                home.resolve("staging"),
                "SELECT arg_min(event_type, timestamp), arg_max(event_type, timestamp),"
                        + " count(DISTINCT timestamp) FROM events GROUP BY conversation_id");
        assertThat(firstAndLast).hasSize(20);
        for (List<String> conversation : firstAndLast) {
            assertThat(conversation.get(0)).isEqualTo("conversation.started");
            assertThat(conversation.get(1)).isIn("conversation.completed", "conversation.failed");
            assertThat(conversation.get(2)).isEqualTo("5");
        }
    }

    @Test
    void produce_sameSeedGeneratesTheSameEventsWhateverTheProducers() throws Exception {
        String query = "SELECT event_id, event_type, event_data FROM events ORDER BY event_id";
        CliRun.inHome(
                home.resolve("a"),
                "produce",
                "--conversations=10",
                "--events-per-conversation=4",
                "--producers=1",
                "--seed=42");
        CliRun.inHome(
                home.resolve("b"),
                "produce",
                "--conversations=10",
                "--events-per-conversation=4",
                "--producers=3",
                "--seed=42");

        List<List<String>> a = StagedParquet.query(home.resolve("a/staging"), query);
        assertThat(a).hasSize(40);
        assertThat(StagedParquet.query(home.resolve("b/staging"), query)).isEqualTo(a);
    }

    @Test
    @Tag("jvm")
    void produce_withProcesses_writesEveryEventOnceFromEachProcess() throws Exception {
        CliRun run = CliRun.inHome(
                home,
                "produce",
                "--processes",
                "--conversations=20",
                "--events-per-conversation=5",
                "--producers=2",
                "--seed=3");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.command("produce", ProduceCommand.class).result().events())
                .isEqualTo(100);
        Path staging = home.resolve("staging");
        assertThat(StagedParquet.count(staging)).isEqualTo(100);
        assertThat(StagedParquet.publishedFiles(staging))
                .anyMatch(f -> f.getFileName().toString().contains("-p0-"))
                .anyMatch(f -> f.getFileName().toString().contains("-p1-"));
    }

    @Test
    void produce_withRateAndDuration_pacesAndStopsAtTheDeadline() throws Exception {
        CliRun run = CliRun.inHome(
                home,
                "produce",
                "--rate=100",
                "--duration=1s",
                "--conversations=1000",
                "--events-per-conversation=10",
                "--producers=2");

        assertThat(run.exitCode).as(run.toString()).isZero();
        long events = run.command("produce", ProduceCommand.class).result().events();
        // each producer writes an event only when it is due before the deadline: at most its 50 per
        // second, plus the one due at the start; a slow machine writes fewer, never more
        assertThat(events).isPositive().isLessThanOrEqualTo(100 + 2);
        assertThat(run.out).contains("stopped by --duration 1s");
        assertThat(StagedParquet.count(home.resolve("staging"))).isEqualTo(events);
    }

    @Test
    void produce_withZeroProducers_exitsTwo() {
        CliRun run = CliRun.inHome(home, "produce", "--producers=0");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--producers must be >= 1");
    }
}
