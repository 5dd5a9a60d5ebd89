package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.staging.testing.StagedEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFileSweeperTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file(String name, int bytes, Duration age) throws Exception {
        Path file = Files.write(dir.resolve(name), new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }

    @Test
    void sweep_deletesOldTemporaryParquetFilesOnly() throws Exception {
        String duckdockTemp = StagedFileNames.tempName("p1", UuidV7.next());
        file(duckdockTemp, 100, Duration.ofHours(2));
        file(".spark-part-0.parquet", 20, Duration.ofHours(2));
        file(".gitkeep", 1, Duration.ofHours(2));
        file("_SUCCESS", 1, Duration.ofHours(2));
        file(StagedFileNames.publishedName("p1", UuidV7.next()), 50, Duration.ofHours(2));
        file("notes.txt", 5, Duration.ofHours(2));

        SweepResult result = TempFileSweeper.sweep(dir.toString(), Duration.ofHours(1), CLOCK);

        assertThat(result).isEqualTo(new SweepResult(2, 120, List.of()));
        assertThat(StagedEvents.list(dir))
                .extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder(
                        ".gitkeep",
                        "_SUCCESS",
                        "notes.txt",
                        StagedEvents.publishedFiles(dir).get(0).getFileName().toString());
    }

    @Test
    void sweep_keepsTemporaryFilesYoungerThanMaxAge() throws Exception {
        file(StagedFileNames.tempName("p1", UuidV7.next()), 100, Duration.ofMinutes(59));

        SweepResult result = TempFileSweeper.sweep(dir.toString(), Duration.ofHours(1), CLOCK);

        assertThat(result).isEqualTo(new SweepResult(0, 0, List.of()));
        assertThat(StagedEvents.hiddenFiles(dir)).hasSize(1);
    }

    @Test
    void sweep_withZeroMaxAge_deletesEveryTemporaryFile() throws Exception {
        file(StagedFileNames.tempName("p1", UuidV7.next()), 10, Duration.ZERO);

        assertThat(TempFileSweeper.sweep(dir.toString(), Duration.ZERO, CLOCK).deleted())
                .isEqualTo(1);
    }

    @Test
    void sweep_ofAFile_throwsStagingExceptionNamingIt() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain"), "x");

        assertThatThrownBy(() -> TempFileSweeper.sweep(notADir.toString(), Duration.ZERO, CLOCK))
                .isInstanceOf(StagingException.class)
                .hasMessageContaining("plain");
    }
}
