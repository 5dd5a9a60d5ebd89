package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class StagedFileNamesTest {
    private static final UUID ID = UUID.fromString("0190f3c4-8d2a-7b3c-9d4e-5f6a7b8c9d0e");

    @Test
    void isHidden_recognisesLeadingUnderscoreAndDot() {
        assertThat(StagedFileNames.isHidden(".duckdock-p-x.parquet.tmp")).isTrue();
        assertThat(StagedFileNames.isHidden("_SUCCESS")).isTrue();
        assertThat(StagedFileNames.isHidden("events-p-x.parquet")).isFalse();
    }

    @Test
    void tempAndPublishedNames_carryProducerAndFileId() {
        assertThat(StagedFileNames.tempName("host_1-42", ID))
                .isEqualTo(".duckdock-host_1-42-0190f3c4-8d2a-7b3c-9d4e-5f6a7b8c9d0e.parquet.tmp");
        assertThat(StagedFileNames.publishedName("host_1-42", ID))
                .isEqualTo("events-host_1-42-0190f3c4-8d2a-7b3c-9d4e-5f6a7b8c9d0e.parquet");
        assertThat(StagedFileNames.isHidden(StagedFileNames.tempName("p", ID))).isTrue();
        assertThat(StagedFileNames.isPublished(StagedFileNames.publishedName("p", ID)))
                .isTrue();
        assertThat(StagedFileNames.isPublished(StagedFileNames.tempName("p", ID)))
                .isFalse();
    }

    @Test
    void isSweepable_matchesOnlyTemporaryParquetFiles() {
        assertThat(StagedFileNames.isSweepable(StagedFileNames.tempName("p", ID)))
                .isTrue();
        assertThat(StagedFileNames.isSweepable(".part-0001.parquet")).isTrue();
        assertThat(StagedFileNames.isSweepable("_tmp.parquet.crc")).isTrue();
        assertThat(StagedFileNames.isSweepable(StagedFileNames.publishedName("p", ID)))
                .isFalse();
        assertThat(StagedFileNames.isSweepable(".gitkeep")).isFalse();
        assertThat(StagedFileNames.isSweepable("notes.parquet.txt")).isFalse();
    }

    @Test
    void sanitizeProducerId_replacesForbiddenCharacters() {
        assertThat(StagedFileNames.sanitizeProducerId("host.example.com/x y", 64))
                .isEqualTo("host_example_com_x_y");
        assertThat(StagedFileNames.sanitizeProducerId("abcdef", 3)).isEqualTo("abc");
    }
}
