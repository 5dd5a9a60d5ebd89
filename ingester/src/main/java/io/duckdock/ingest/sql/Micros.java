package io.duckdock.ingest.sql;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Epoch microseconds, the resolution of DuckDB's TIMESTAMP, as bound to {@code make_timestamp(?)}. */
public final class Micros {
    private Micros() {}

    public static long of(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static long now() {
        return of(Instant.now());
    }
}
