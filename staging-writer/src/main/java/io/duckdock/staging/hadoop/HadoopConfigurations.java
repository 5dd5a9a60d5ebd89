package io.duckdock.staging.hadoop;

import io.duckdock.config.HadoopConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop client configuration DuckDock's settings describe: Hadoop's defaults, then the site
 * files of {@link HadoopConfig#confDir()}, then every {@code hadoop.property.*} setting.
 */
public final class HadoopConfigurations {
    private HadoopConfigurations() {}

    public static Configuration of(HadoopConfig hadoop) {
        Configuration conf = new Configuration();
        hadoop.confDir().ifPresent(dir -> {
            for (String name : HadoopConfig.SITE_FILES) {
                Path site = dir.resolve(name);
                if (Files.isRegularFile(site)) {
                    conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
                }
            }
        });
        hadoop.properties().forEach(conf::set);
        return conf;
    }
}
