package io.duckdock.app.produce;

import io.duckdock.app.output.Units;
import java.time.Duration;

/**
 * What a {@code produce} run (or one producer of it) wrote.
 *
 * @param bytes bytes of published Parquet files
 */
public record ProduceResult(long events, long files, long bytes, Duration elapsed) {
    static final ProduceResult NONE = new ProduceResult(0, 0, 0, Duration.ZERO);

    /** The sum of two producers' results, running side by side (the longer elapsed time). */
    ProduceResult plus(ProduceResult other) {
        Duration longer = elapsed.compareTo(other.elapsed) >= 0 ? elapsed : other.elapsed;
        return new ProduceResult(events + other.events, files + other.files, bytes + other.bytes, longer);
    }

    ProduceResult withElapsed(Duration newElapsed) {
        return new ProduceResult(events, files, bytes, newElapsed);
    }

    String summary() {
        return String.format(
                "produced %s events in %s files (%s) in %s: %s events/s",
                Units.count(events),
                Units.count(files),
                Units.bytes(bytes),
                Units.seconds(elapsed),
                Units.rate(events, elapsed));
    }
}
