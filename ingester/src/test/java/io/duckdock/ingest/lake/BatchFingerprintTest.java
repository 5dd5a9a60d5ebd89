package io.duckdock.ingest.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.lake.iceberg.IcebergLake;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whose batch the lake holds under an id: the check a writer makes before taking a batch as published. */
class BatchFingerprintTest {
    @TempDir
    Path lake;

    private Table eventsWith(String firstFingerprint) {
        IcebergLake iceberg = IcebergLake.at(lake).forWriting();
        iceberg.appendEvents(1, List.of(), firstFingerprint);
        return iceberg.events();
    }

    @Test
    void verify_acceptsTheWritersOwnBatch() {
        Table events = eventsWith("10/20/1/5/1/5");

        assertThatCode(() -> BatchFingerprint.verify(events, 1, "10/20/1/5/1/5", true))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_refusesAnotherNodesBatchUnderTheSameId() {
        Table events = eventsWith("10/20/1/5/1/5");

        assertThatThrownBy(() -> BatchFingerprint.verify(events, 1, "11/21/1/7/1/7", false))
                .isInstanceOfSatisfying(
                        LakeException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.INGESTER_BUSY))
                .hasMessageStartingWith("batch 1: the lake already holds a different batch 1 (published by another"
                        + " node: fingerprint 10/20/1/5/1/5, this node's 11/21/1/7/1/7)");
    }

    @Test
    void verify_aFencedWriterCannotTakeABatchWithoutFingerprintForItsOwn_aSingleNodeCan() {
        Table events = eventsWith(null); // expired with its snapshot, or published before fingerprints

        assertThatThrownBy(() -> BatchFingerprint.verify(events, 1, "10/20/1/5/1/5", true))
                .isInstanceOfSatisfying(
                        LakeException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.INGESTER_BUSY))
                .hasMessageStartingWith("batch 1: the lake already holds a batch 1 whose fingerprint is no longer in"
                        + " its snapshots, so this node cannot tell whether it is its own");
        assertThatCode(() -> BatchFingerprint.verify(events, 1, "10/20/1/5/1/5", false))
                .doesNotThrowAnyException();
    }
}
