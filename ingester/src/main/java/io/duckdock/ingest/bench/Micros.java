package io.duckdock.ingest.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

final class Micros {
    private Micros() {
    }

    static long now() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
