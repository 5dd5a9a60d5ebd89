package io.duckdock.ingest.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Location;
import io.duckdock.ingest.testing.MiniDfs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The lake storage contract on a local lake (in place) and on HDFS (through the spool). */
@Tag("hdfs")
class LakeStorageContractTest {
    @RegisterExtension
    static final MiniDfs HDFS = new MiniDfs();

    @TempDir
    static Path tmp;

    private Path spool;

    static Stream<String> kinds() {
        return Stream.of("local", "hdfs");
    }

    private LakeStorage fresh(String kind) {
        String name = UUID.randomUUID().toString();
        spool = tmp.resolve("spool-" + name);
        return kind.equals("local")
                ? LakeStorage.of(Location.local(tmp.resolve(name)), HadoopConfig.defaults(), spool)
                : LakeStorage.of(new Location(URI.create(HDFS.uri(name))), HadoopConfig.defaults(), spool);
    }

    private List<Path> spoolFiles() throws IOException {
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void publish_makesTheWrittenFileVisibleByOneRenameAndLeavesNoCopy(String kind) throws IOException {
        LakeStorage lake = fresh(kind);
        String target = lake.root() + "/events/event_date=2026-01-01/batch-1.parquet";

        try (LakeStorage.LocalFile written = lake.create(target)) {
            Files.writeString(written.path(), "first");
            assertThat(written.path().getFileName().toString()).doesNotContain("*", "?", "[");
            lake.publish(written, target);
        }

        assertThat(lake.files(LakeStorage.parent(target))).containsExactly("batch-1.parquet");
        assertThat(lake.size(target)).isEqualTo(5);
        assertThat(spoolFiles()).isEmpty();
        try (LakeStorage.LocalFile read = lake.fetch(target)) {
            assertThat(Files.readString(read.path())).isEqualTo("first");
            assertThat(read.path().startsWith(spool)).isEqualTo(kind.equals("hdfs"));
        }
        assertThat(spoolFiles()).isEmpty();
        assertThat(lake.exists(target)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void publish_replacesAFileAnUnpublishedAttemptLeft(String kind) throws IOException {
        LakeStorage lake = fresh(kind);
        String target = lake.root() + "/events/event_date=2026-01-01/batch-2.parquet";
        for (String content : List.of("half a file", "whole")) {
            try (LakeStorage.LocalFile written = lake.create(target)) {
                Files.writeString(written.path(), content);
                lake.publish(written, target);
            }
        }

        try (LakeStorage.LocalFile read = lake.fetch(target)) {
            assertThat(Files.readString(read.path())).isEqualTo("whole");
        }
        assertThat(lake.files(LakeStorage.parent(target))).containsExactly("batch-2.parquet");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void stage_putsTheFileUnderAHiddenNameAndAnUnpublishedCreateLeavesNothing(String kind) throws IOException {
        LakeStorage lake = fresh(kind);
        String target = lake.root() + "/events/event_date=2026-01-01/part-1-2.parquet";
        String other = lake.root() + "/events/event_date=2026-01-01/batch-3.parquet";

        try (LakeStorage.LocalFile written = lake.create(target)) {
            Files.writeString(written.path(), "merged");
            lake.stage(written, target);
        }
        try (LakeStorage.LocalFile abandoned = lake.create(other)) {
            Files.writeString(abandoned.path(), "never published");
        }

        assertThat(lake.files(LakeStorage.parent(target))).containsExactly(".part-1-2.parquet.tmp");
        assertThat(spoolFiles()).isEmpty();
        lake.rename(LakeStorage.staged(target), target);
        assertThat(lake.files(LakeStorage.parent(target))).containsExactly("part-1-2.parquet");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void publish_aCheckThatFailsBeforeTheRenameLeavesThePublishedFileAndNoUpload(String kind) throws IOException {
        LakeStorage lake = fresh(kind);
        String target = lake.root() + "/events/event_date=2026-01-01/batch-7.parquet";
        try (LakeStorage.LocalFile first = lake.create(target)) {
            Files.writeString(first.path(), "the successor's batch 7");
            lake.publish(first, target);
        }

        LakeStorage.LocalFile second = lake.create(target);
        Files.writeString(second.path(), "a deposed writer's batch 7");
        assertThatThrownBy(() -> lake.publish(second, target, () -> {
                    throw new IllegalStateException("fenced");
                }))
                .hasMessage("fenced");

        assertThat(lake.files(LakeStorage.parent(target))).containsExactly("batch-7.parquet");
        try (LakeStorage.LocalFile read = lake.fetch(target)) {
            assertThat(Files.readString(read.path())).isEqualTo("the successor's batch 7");
        }
        assertThat(spoolFiles()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void copy_givesASecondFileWithTheSameBytesThatOutlivesTheFirstAndReplacesAPartialOne(String kind)
            throws IOException {
        LakeStorage lake = fresh(kind);
        String dir = lake.root() + "/events/event_date=2026-01-01";
        String source = dir + "/.part-1-2.parquet.merged";
        String copy = dir + "/.part-1-2.parquet.tmp";
        try (LakeStorage.LocalFile written = lake.create(source)) {
            Files.writeString(written.path(), "merged bytes");
            lake.publish(written, source);
        }
        try (LakeStorage.LocalFile partial = lake.create(copy)) {
            Files.writeString(partial.path(), "half");
            lake.publish(partial, copy);
        }

        lake.copy(source, copy);
        lake.delete(source);

        try (LakeStorage.LocalFile read = lake.fetch(copy)) {
            assertThat(Files.readString(read.path())).isEqualTo("merged bytes");
        }
        assertThat(lake.files(dir)).containsExactly(".part-1-2.parquet.tmp");
        assertThat(spoolFiles()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void fetch_ofAMissingFileFailsAndLeavesNoSpoolCopy(String kind) throws IOException {
        LakeStorage lake = fresh(kind);

        assertThatThrownBy(() -> lake.fetch(lake.root() + "/events/missing.parquet"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageEndingWith("/events/missing.parquet");
        assertThat(spoolFiles()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void clearSpool_deletesCopiesACrashedProcessLeft(String kind) throws IOException {
        LakeStorage lake = fresh(kind);
        Path stale = Files.createDirectories(spool.resolve("lake")).resolve("lake-1.parquet");
        Files.writeString(stale, "left by a crash");

        lake.clearSpool();

        assertThat(Files.exists(stale)).isEqualTo(kind.equals("local"));
        assertThat(lake.isLocal()).isEqualTo(kind.equals("local"));
    }
}
