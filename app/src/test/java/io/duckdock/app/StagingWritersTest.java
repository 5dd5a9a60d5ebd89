package io.duckdock.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.config.StagingConfig;
import io.duckdock.staging.StagingWriterBuilder;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The staging writer is a library without the config module, so it keeps defaults of its own; a
 * producer that builds a writer without DuckDock's configuration gets the same files as one that
 * goes through it.
 */
class StagingWritersTest {
    @Test
    void writerBuilderDefaults_equalTheStagingConfigDefaults() {
        assertThat(StagingWriterBuilder.DEFAULT_MAX_ROWS_PER_FILE).isEqualTo(StagingConfig.DEFAULT_MAX_ROWS_PER_FILE);
        assertThat(StagingWriterBuilder.DEFAULT_MAX_BYTES_PER_FILE).isEqualTo(StagingConfig.DEFAULT_MAX_BYTES_PER_FILE);
        assertThat(StagingWriterBuilder.DEFAULT_MAX_FILE_AGE).isEqualTo(StagingConfig.DEFAULT_MAX_FILE_AGE);
        assertThat(StagingWriterBuilder.DEFAULT_COMPRESSION)
                .isEqualTo(StagingConfig.DEFAULT_COMPRESSION.name().toLowerCase(Locale.ROOT));
    }
}
