package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory setting that cannot work ends in exit code 2 and one sentence naming key and path. */
class DirectoryProblemsTest {
    @TempDir
    Path home;

    @Test
    void ingest_withAFileAsStagingDir_exits2NamingTheKey() throws IOException {
        Path file = Files.writeString(home.resolve("hostname"), "host\n");

        CliRun run = CliRun.inHome(home, "ingest", "--set", "staging.dir=" + file);

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .contains("staging.dir = " + file + " is a file, not a directory; set staging.dir to a directory");
    }

    @Test
    void ingest_withAReadOnlyRejectedDir_exits2NamingTheKey() {
        // sysfs: no one, not even root, creates files there
        Path readOnly = Path.of("/sys/fs");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(readOnly));

        CliRun run = CliRun.inHome(home, "ingest", "--set", "rejected.dir=" + readOnly);

        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err)
                .contains("rejected.dir = " + readOnly + " cannot be written (")
                .contains("): it is read-only or its disk is full; free space, give this user write access, or"
                        + " set rejected.dir to another directory");
    }
}
