package io.duckdock.ingest.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The analytic views ({@code conversation_state}, {@code experiment_summary}, {@code event_timeline}) as
 * one SQL file over a relation named {@code events}: created in the warehouse, over the lake by
 * {@link ReadOnlySql}, and printed for analysts who run it in their own DuckDB.
 */
public final class AnalyticViews {
    private AnalyticViews() {}

    /** The file as shipped, comments included. */
    public static String sql() {
        try (InputStream in = AnalyticViews.class.getResourceAsStream("views.sql")) {
            if (in == null) {
                throw new IllegalStateException("views.sql is missing from the ingester jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read views.sql", e);
        }
    }

    /** The statements of the file, without comments (the file holds no ';' inside a statement). */
    public static List<String> statements() {
        return split(sql());
    }

    /** Splits a DuckDock SQL resource into statements; lines starting with {@code --} are comments. */
    public static List<String> split(String text) {
        String code = text.replaceAll("(?m)^\\s*--.*$", "");
        return Arrays.stream(code.split(";"))
                .map(String::strip)
                .filter(sql -> !sql.isEmpty())
                .toList();
    }
}
