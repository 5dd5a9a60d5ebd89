package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.DuckDockConfig;
import io.duckdock.ingest.testing.IngestOnceMain;
import io.duckdock.ingest.testing.JavaProcess;
import io.duckdock.ingest.testing.Parquet;
import io.duckdock.ingest.testing.TestHomes;
import io.duckdock.ingest.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingester processes killed with SIGKILL at random points (opening, loading, committing, moving),
 * each followed by a restart: nothing lost, nothing doubled, no gap, ledger and archive agree.
 */
@Tag("jvm")
class CrashSafetyTest {
    private static final int FILES_PER_ROUND = 30;
    private static final int EVENTS_PER_FILE = 40;

    @TempDir
    Path home;

    @Test
    void ingesterKilledAtRandomPoints_losesNothingAndDoublesNothing() throws Exception {
        killAndRestart(24, 42);
    }

    /** The same with many more kills: {@code ./mvnw -Psoak verify}. */
    @Test
    @Tag("soak")
    void ingesterKilledHundredsOfTimes_losesNothingAndDoublesNothing() throws Exception {
        killAndRestart(200, 7);
    }

    private void killAndRestart(int kills, long seed) throws Exception {
        String[] settings = {"ingest.max-files-per-batch", "7"};
        DuckDockConfig config = TestHomes.config(home, settings);
        config.layout().createDirectories();
        Random random = new Random(seed);
        int staged = 0;
        int killedMidRun = 0;
        for (int round = 0; round < kills; round++) {
            for (int f = 0; f < FILES_PER_ROUND; f++) {
                long t = 1_700_000_000_000_000L + (long) round * 1_000_000_000L + f * 1_000_000L;
                Parquet.events(
                        config.layout().staging().resolve("r" + round + "-f" + f + ".parquet"),
                        "conv" + (f % 5),
                        6,
                        EVENTS_PER_FILE,
                        t);
                staged++;
            }
            Path log = home.resolve("ingester-" + round + ".log");
            Process ingester = JavaProcess.start(IngestOnceMain.class, log, args(settings));
            JavaProcess.awaitLine(ingester, log, "locked", 60);
            Thread.sleep(random.nextInt(1500));
            if (ingester.isAlive()) {
                killedMidRun++;
            }
            ingester.destroyForcibly();
            ingester.waitFor();
        }
        Process last = JavaProcess.start(IngestOnceMain.class, home.resolve("final.log"), args(settings));
        assertThat(JavaProcess.await(last, 300))
                .as(Files.readString(home.resolve("final.log")))
                .isZero();

        assertThat(killedMidRun).isGreaterThanOrEqualTo(kills / 2);
        long events = (long) staged * EVENTS_PER_FILE;
        String db = config.layout().database();
        assertThat(Warehouses.rows(
                        db,
                        "SELECT count(*), count(DISTINCT event_id), min(event_offset), "
                                + "max(event_offset), count(DISTINCT event_offset) FROM events"))
                .containsExactly(List.of(events, events, 1, events, events).stream()
                        .map(String::valueOf)
                        .toList());
        assertThat(Warehouses.sequenceGaps(db)).isEmpty();
        assertThat(Warehouses.rows(
                        db,
                        "SELECT conversation_id FROM conversation_heads h WHERE last_sequence <> "
                                + "(SELECT count(*) FROM events e WHERE e.conversation_id = h.conversation_id)"))
                .isEmpty();
        assertThat(Warehouses.rows(
                        db,
                        "SELECT count(*), count(DISTINCT file_name) FROM ingest_files " + "WHERE status = 'ingested'"))
                .containsExactly(List.of(String.valueOf(staged), String.valueOf(staged)));
        assertThat(Warehouses.count(db, "SELECT count(*) FROM ingest_files WHERE status <> 'ingested'"))
                .isZero();
        assertThat(Warehouses.count(
                        db,
                        "SELECT count(*) FROM (SELECT source_file FROM events GROUP BY 1 " + "HAVING count(*) <> "
                                + EVENTS_PER_FILE + ")"))
                .isZero();
        try (Stream<Path> archived = Files.walk(config.layout().archive())) {
            // a process killed while checking that the archive is writable leaves its hidden, empty probe file
            Set<String> names = archived.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .collect(Collectors.toSet());
            assertThat(names).hasSize(staged);
        }
        try (Stream<Path> left = Files.list(config.layout().staging())) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith(".")))
                    .isEmpty();
        }
    }

    private String[] args(String[] settings) {
        String[] args = new String[settings.length + 1];
        args[0] = home.toString();
        System.arraycopy(settings, 0, args, 1, settings.length);
        return args;
    }
}
