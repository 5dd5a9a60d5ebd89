package io.duckdock.ingest.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.HadoopConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hadoop configuration behind remote directories; no file system is contacted. */
class HadoopDirectoryTest {
    @TempDir
    Path confDir;

    @Test
    void configuration_equalSettings_areParsedOnceAndShared() {
        HadoopConfig first = new HadoopConfig(Optional.empty(), Map.of("dfs.replication", "2"));
        HadoopConfig equal = new HadoopConfig(Optional.empty(), Map.of("dfs.replication", "2"));
        HadoopConfig other = new HadoopConfig(Optional.empty(), Map.of("dfs.replication", "3"));

        assertThat(HadoopDirectory.configuration(equal)).isSameAs(HadoopDirectory.configuration(first));
        assertThat(HadoopDirectory.configuration(first).get("dfs.replication")).isEqualTo("2");
        assertThat(HadoopDirectory.configuration(other).get("dfs.replication")).isEqualTo("3");
    }

    @Test
    void configuration_readsTheSiteFilesOfTheConfDirectory_propertiesWin() throws Exception {
        Files.writeString(
                confDir.resolve("core-site.xml"),
                "<configuration>"
                        + "<property><name>duckdock.test.site</name><value>from-site</value></property>"
                        + "<property><name>dfs.replication</name><value>5</value></property>"
                        + "</configuration>");
        HadoopConfig hadoop = new HadoopConfig(Optional.of(confDir), Map.of("dfs.replication", "1"));

        assertThat(HadoopDirectory.configuration(hadoop).get("duckdock.test.site"))
                .isEqualTo("from-site");
        assertThat(HadoopDirectory.configuration(hadoop).get("dfs.replication")).isEqualTo("1");
    }
}
