package io.duckdock.ingest.lake;

import io.duckdock.ingest.storage.LakeStorage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Locations under the lake's root ({@code <lake>/events/event_date=YYYY-MM-DD/...}) as Iceberg records
 * them, and the paths relative to the lake directory that the warehouse's {@code lake_files} records.
 */
final class LakePaths {
    static final String EVENTS = "events";

    private final String root;
    private final String rootPath;

    LakePaths(String root) {
        this.root = root;
        this.rootPath = URI.create(root).getPath();
    }

    String root() {
        return root;
    }

    String partition(LocalDate date) {
        return resolve(EVENTS + "/event_date=" + date);
    }

    /** Path relative to the lake directory, as the ledger records it; any spelling of the lake's URI. */
    String relative(String location) {
        String path = URI.create(location).getPath();
        if (!path.startsWith(rootPath + "/")) {
            throw new IllegalArgumentException(location + " is not under the lake " + root);
        }
        return path.substring(rootPath.length() + 1);
    }

    String resolve(String relative) {
        return root + "/" + relative;
    }

    /** The event partitions ({@code event_date=...} directories) under the events directory {@code events}. */
    static List<String> partitions(LakeStorage storage, String events) throws IOException {
        return storage.directories(events).stream()
                .filter(name -> name.startsWith("event_date="))
                .map(name -> LakeStorage.child(events, name))
                .toList();
    }

    /** The same file whichever way its URI is spelled ({@code file:/x} and {@code file:///x}). */
    static String key(String location) {
        return URI.create(location).getPath();
    }

    /** A path quoted as a DuckDB string literal; paths are DuckDock-generated under the home. */
    static String literal(Path file) {
        return io.duckdock.ingest.sql.SqlText.literal(file.toString());
    }
}
