package io.duckdock.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How DuckDock talks to Hadoop file systems: the site files of a Hadoop client configuration and
 * single properties set in DuckDock's own configuration.
 *
 * @param confDir directory holding {@code core-site.xml} and {@code hdfs-site.xml}: the key
 *     {@code hadoop.conf-dir}, else the environment variable {@value #CONF_DIR_VARIABLE}
 * @param properties {@code hadoop.property.<name> = value} settings, keyed by {@code <name>};
 *     they override the site files
 */
public record HadoopConfig(Optional<Path> confDir, Map<String, String> properties) {
    /** The environment variable Hadoop's own tools read the client configuration directory from. */
    public static final String CONF_DIR_VARIABLE = "HADOOP_CONF_DIR";
    /** Prefix of the keys whose rest is a Hadoop property name. */
    public static final String PROPERTY_PREFIX = "hadoop.property.";
    /** The site files read from {@link #confDir()}, those that exist. */
    public static final String[] SITE_FILES = {"core-site.xml", "hdfs-site.xml"};

    public HadoopConfig {
        Objects.requireNonNull(confDir, "confDir");
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    public static HadoopConfig defaults() {
        return new HadoopConfig(Optional.empty(), Map.of());
    }
}
