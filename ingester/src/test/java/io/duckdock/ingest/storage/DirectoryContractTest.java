package io.duckdock.ingest.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import io.duckdock.ingest.testing.MiniDfs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract on a local directory (java.nio) and on HDFS (Hadoop FileSystem). */
@Tag("hdfs")
class DirectoryContractTest {
    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    static Path tmp;

    static Stream<String> kinds() {
        return Stream.of("local", "hdfs");
    }

    private static Directory fresh(String kind) {
        String name = UUID.randomUUID().toString();
        return kind.equals("local")
                ? Directory.local(tmp.resolve(name))
                : Directory.of(new Location(URI.create(HDFS.uri(name))), HadoopConfig.defaults());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void listsFilesWithSizeAndTimeAndDirectoriesApart(String kind) throws IOException {
        Directory dir = fresh(kind);
        assertThat(dir.files()).isEmpty();
        dir.create();
        dir.writeText("a.parquet", "12345");
        dir.writeText(".hidden", "x");
        dir.child("2026-01-01").create();
        Instant before = Instant.now().minusSeconds(60);

        assertThat(dir.files()).extracting(Directory.Entry::name).containsExactlyInAnyOrder("a.parquet", ".hidden");
        Directory.Entry a = dir.files().stream()
                .filter(e -> e.name().equals("a.parquet"))
                .findFirst()
                .orElseThrow();
        assertThat(a.size()).isEqualTo(5);
        assertThat(a.modified()).isAfter(before);
        assertThat(dir.directories()).containsExactly("2026-01-01");
        assertThat(dir.pathOf("a.parquet")).isEqualTo(dir.location() + "/a.parquet");
        assertThat(dir.localPath().isPresent()).isEqualTo(kind.equals("local"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void moveIsARenameThatNeverReplacesAndReportsAMissingSource(String kind) throws IOException {
        Directory dir = fresh(kind);
        Directory target = dir.child("target");
        dir.create();
        target.create();
        dir.writeText("f", "new");
        target.writeText("f", "old");

        assertThatThrownBy(() -> dir.move("f", target, "f")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read(target, "f")).isEqualTo("old");
        dir.move("f", target, "g");
        assertThat(read(target, "g")).isEqualTo("new");
        assertThat(dir.exists("f")).isFalse();
        assertThatThrownBy(() -> dir.move("f", target, "h")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> dir.open("f")).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void deleteTreeCountsWhatWentAndSetModifiedSetsTheTime(String kind) throws IOException {
        Directory dir = fresh(kind);
        Directory day = dir.child("2026-01-01");
        day.create();
        day.writeText("a", "123");
        day.writeText("b", "4567");
        dir.writeText("c", "x");
        Instant time = Instant.parse("2026-01-02T03:04:05Z");

        assertThat(dir.deleteTree("2026-01-01")).isEqualTo(new Directory.Removed(2, 7));
        assertThat(dir.directories()).isEmpty();
        dir.setModified("c", time);
        assertThat(dir.files())
                .singleElement()
                .satisfies(e -> assertThat(e.modified()).isEqualTo(time));
        assertThat(dir.delete("c")).isTrue();
        assertThat(dir.delete("c")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void moveToAnotherFileSystemIsRefused(String kind) throws IOException {
        Directory dir = fresh(kind);
        Directory other = fresh(kind.equals("local") ? "hdfs" : "local");
        dir.create();
        dir.writeText("f", "x");

        assertThatThrownBy(() -> dir.move("f", other, "f"))
                .isInstanceOf(IOException.class)
                .hasMessage("Cannot move " + dir.pathOf("f") + " to " + other.pathOf("f")
                        + ": not on the same file system");
    }

    @org.junit.jupiter.api.Test
    void spoolIsEmptiedButKept() throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        spool.clear();
        Files.writeString(spool.newFile(), "copy");
        Files.createDirectories(spool.dir().resolve(".duckdock-read"));

        spool.clear();

        try (Stream<Path> left = Files.list(spool.dir())) {
            assertThat(left.toList()).isEmpty();
        }
    }

    private static String read(Directory dir, String name) throws IOException {
        try (InputStream in = dir.open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
