package io.duckdock.app.stage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The input formats {@code stage} reads, recognised by file name extension. */
enum InputFormat {
    JSON_LINES,
    CSV;

    static Optional<InputFormat> of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Optional.of(JSON_LINES);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }
}
