package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    private static final String OLD_TEMP = ".duckdock-p1-0190a6f4-8a2b-7c3d-9e4f-000000000001.parquet.tmp";
    private static final String FRESH_TEMP = ".duckdock-p1-0190a6f4-8a2b-7c3d-9e4f-000000000002.parquet.tmp";
    private static final String PUBLISHED = "events-p1-0190a6f4-8a2b-7c3d-9e4f-000000000003.parquet";

    @TempDir
    Path home;

    @Test
    void sweep_removesOldTempFilesAndLeavesPublishedAndFreshOnes() throws IOException {
        Path staging = Files.createDirectories(home.resolve("staging"));
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        Path oldTemp = file(staging.resolve(OLD_TEMP), twoHoursAgo);
        Path freshTemp = file(staging.resolve(FRESH_TEMP), Instant.now());
        Path published = file(staging.resolve(PUBLISHED), twoHoursAgo);

        CliRun run = CliRun.inHome(home, "sweep");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(oldTemp).doesNotExist();
        assertThat(freshTemp).exists();
        assertThat(published).exists();
        assertThat(run.out)
                .contains("removed " + OLD_TEMP, "swept 1 temp files")
                .doesNotContain(FRESH_TEMP);
    }

    @Test
    void sweep_ofAStagingDirThatIsAFile_exitsTwoNamingTheKey() throws IOException {
        Path notADirectory = Files.writeString(home.resolve("hostname"), "not a directory");

        CliRun run = CliRun.inHome(home, "--set", "staging.dir=" + notADirectory, "sweep");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .contains("staging.dir")
                .contains(notADirectory.toString())
                .doesNotContain("internal error");
    }

    @Test
    void sweep_olderThanOverridesTheConfiguredAge() throws IOException {
        Path staging = Files.createDirectories(home.resolve("staging"));
        Path temp = file(staging.resolve(OLD_TEMP), Instant.now().minus(Duration.ofMinutes(5)));

        CliRun defaultAge = CliRun.inHome(home, "sweep");
        assertThat(temp).exists();

        CliRun shortAge = CliRun.inHome(home, "sweep", "--older-than", "1m");

        assertThat(defaultAge.out).contains("swept 0 temp files");
        assertThat(shortAge.exitCode).isZero();
        assertThat(temp).doesNotExist();
    }

    @Test
    void sweep_withoutStagingDirectory_saysSo() {
        CliRun run = CliRun.inHome(home, "sweep");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("nothing to sweep");
    }

    private static Path file(Path path, Instant modified) throws IOException {
        Files.write(path, new byte[] {'P', 'A', 'R', '1'});
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }
}
