package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSelectorTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    private static List<StagedFile> files(long... sizes) {
        return IntStream.range(0, sizes.length)
                .mapToObj(i -> new StagedFile("/staging/f" + i + ".parquet", sizes[i], T0.plusSeconds(i), false))
                .toList();
    }

    private static List<String> names(List<StagedFile> files) {
        return files.stream().map(StagedFile::name).toList();
    }

    @Test
    void take_stopsAtTheFileCapKeepingTheOldestFirst() {
        assertThat(names(BatchSelector.take(files(1, 1, 1, 1), 3, 1000)))
                .containsExactly("f0.parquet", "f1.parquet", "f2.parquet");
    }

    @Test
    void take_stopsBeforeTheFileThatWouldPassTheByteCap() {
        assertThat(names(BatchSelector.take(files(40, 40, 40), 10, 100))).containsExactly("f0.parquet", "f1.parquet");
    }

    @Test
    void take_givesAFileLargerThanTheByteCapABatchOfItsOwn() {
        List<StagedFile> staged = files(500, 10, 10);
        assertThat(names(BatchSelector.take(staged, 10, 100))).containsExactly("f0.parquet");
        assertThat(names(BatchSelector.take(staged.subList(1, 3), 10, 100)))
                .containsExactly("f1.parquet", "f2.parquet");
    }

    @Test
    void take_doesNotAddALargeFileBehindSmallerOnes() {
        assertThat(names(BatchSelector.take(files(10, 500), 10, 100))).containsExactly("f0.parquet");
    }

    @Test
    void take_returnsNothingForAnEmptyStaging() {
        assertThat(BatchSelector.take(List.of(), 10, 100)).isEmpty();
    }
}
