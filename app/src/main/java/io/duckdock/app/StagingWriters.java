package io.duckdock.app;

import io.duckdock.config.StagingConfig;
import io.duckdock.staging.StagingWriter;
import java.util.Locale;

/** Opens {@link StagingWriter}s configured from the command's {@code staging.*} settings. */
public final class StagingWriters {
    private StagingWriters() {}

    /**
     * A writer into the configured staging directory.
     *
     * @param producerId distinct per concurrent writer: letters, digits, {@code _} and {@code -}
     */
    public static StagingWriter open(CommandContext context, String producerId) {
        StagingConfig staging = context.config().staging();
        return StagingWriter.builder(context.config().layout().stagingDir().toString())
                .hadoop(context.config().hadoop())
                .producerId(producerId)
                .maxRowsPerFile(staging.maxRowsPerFile())
                .maxBytesPerFile(staging.maxBytesPerFile())
                .maxFileAge(staging.maxFileAge())
                .compression(staging.compression().name().toLowerCase(Locale.ROOT))
                .build();
    }
}
