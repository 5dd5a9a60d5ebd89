package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivePurgeTest {
    @TempDir
    Path archive;

    private final Clock clock = Clock.fixed(Instant.parse("2024-05-10T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void purge_deletesDayFoldersWhoseWholeDayIsOlderThanTheRetention() throws Exception {
        file("2024-05-01/a.parquet", "aaaa");
        file("2024-05-01/b.parquet", "bb");
        file("2024-05-08/c.parquet", "c"); // ends 2024-05-09T00:00, only 36 h ago
        file("2024-05-09/d.parquet", "d");
        file("notes/e.txt", "e"); // not a day folder: never touched

        ArchivePurge.Result result = ArchivePurge.purge(archive, Duration.ofDays(2), clock);

        assertThat(result).isEqualTo(new ArchivePurge.Result(1, 2, 6));
        assertThat(archive.resolve("2024-05-01")).doesNotExist();
        assertThat(archive.resolve("2024-05-08/c.parquet")).exists();
        assertThat(archive.resolve("2024-05-09/d.parquet")).exists();
        assertThat(archive.resolve("notes/e.txt")).exists();
    }

    @Test
    void purge_zeroRetention_keepsTodaysFolder() throws Exception {
        file("2024-05-09/d.parquet", "d");
        file("2024-05-10/e.parquet", "e");

        assertThat(ArchivePurge.purge(archive, Duration.ZERO, clock).folders()).isEqualTo(1);
        assertThat(archive.resolve("2024-05-10/e.parquet")).exists();
    }

    @Test
    void purge_missingArchive_doesNothing() {
        assertThat(ArchivePurge.purge(archive.resolve("absent"), Duration.ZERO, clock))
                .isEqualTo(new ArchivePurge.Result(0, 0, 0));
    }

    private void file(String relative, String content) throws Exception {
        Path path = archive.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
