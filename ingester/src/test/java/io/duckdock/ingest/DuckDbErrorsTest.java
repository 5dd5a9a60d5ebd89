package io.duckdock.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DuckDbErrorsTest {
    @Test
    void aConstraintOrConversionErrorIsABrokenEventContract() {
        assertThat(DuckDbErrors.isBrokenContract(
                        new SQLException("Constraint Error: NOT NULL constraint failed: " + "events.event_type")))
                .isTrue();
        assertThat(DuckDbErrors.isBrokenContract(
                        new SQLException("Conversion Error: Could not convert string " + "'abc' to UUID")))
                .isTrue();
        assertThat(DuckDbErrors.isBadInput(new SQLException("Conversion Error: Malformed JSON at byte 1")))
                .isTrue();
    }

    @Test
    void dataTheParquetReaderCannotDecodeIsBadInputButNoBrokenContract() {
        SQLException corrupt = new SQLException("Invalid Input Error: Failed to read Parquet file: corrupt page");
        assertThat(DuckDbErrors.isBadInput(corrupt)).isTrue();
        assertThat(DuckDbErrors.isBrokenContract(corrupt)).isFalse();
    }

    @Test
    void aPageThatPointsPastTheEndOfItsFileIsBadInputThoughDuckDbCallsItAnIoError() {
        assertThat(DuckDbErrors.isBadInput(new SQLException("IO Error: Could not read enough bytes from file "
                        + "\"/staging/corrupt-middle.parquet\": attempted to read 55748902 bytes from location 23881")))
                .isTrue();
        assertThat(DuckDbErrors.isBadInput(new SQLException("IO Error: Snappy decompression failure in /staging/x")))
                .isTrue();
    }

    @Test
    void aLockAnIoErrorOrRunningOutOfMemoryIsNeverBadInput() {
        for (String message : new String[] {
            "IO Error: Could not set lock on file \"/w.duckdb\": Conflicting lock is held in java (PID 7)",
            "IO Error: Could not write file \"/tmp/x\": No space left on device",
            "Out of Memory Error: could not allocate block of size 256.0 KiB",
            "INTERRUPT Error: Interrupted!",
            "TransactionContext Error: Failed to commit"
        }) {
            assertThat(DuckDbErrors.isBadInput(new SQLException(message)))
                    .as(message)
                    .isFalse();
        }
    }
}
