package io.duckdock.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Epoch microseconds, the resolution of DuckDB's TIMESTAMP. */
final class Micros {
    private Micros() {
    }

    static long of(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
