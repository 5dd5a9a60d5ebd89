package io.duckdock.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable, validated configuration of the whole pipeline, built by {@link ConfigLoader}.
 *
 * @param sources for every key, where its effective value came from: {@code default},
 *     {@code file}, {@code env} or {@code cli}; unmodifiable, in the order of
 *     {@link ConfigLoader#keys()}
 */
public record DuckDockConfig(
        Layout layout,
        StagingConfig staging,
        IngestConfig ingest,
        WarehouseConfig warehouse,
        LakeConfig lake,
        QueryConfig query,
        ArchiveConfig archive,
        HttpConfig http,
        HadoopConfig hadoop,
        ClusterConfig cluster,
        Map<String, String> sources) {
    public DuckDockConfig {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(staging, "staging");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(warehouse, "warehouse");
        Objects.requireNonNull(lake, "lake");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(hadoop, "hadoop");
        Objects.requireNonNull(cluster, "cluster");
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** Every setting at its default, with the layout under {@code home} (made absolute). */
    public static DuckDockConfig defaults(Path home) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ConfigKey key : Keys.ALL) {
            sources.put(key.name(), Setting.DEFAULT_SOURCE);
        }
        return new DuckDockConfig(
                Layout.defaults(home),
                StagingConfig.defaults(),
                IngestConfig.defaults(),
                WarehouseConfig.defaults(),
                LakeConfig.defaults(),
                QueryConfig.defaults(),
                ArchiveConfig.defaults(),
                HttpConfig.defaults(),
                HadoopConfig.defaults(),
                ClusterConfig.defaults(),
                sources);
    }
}
