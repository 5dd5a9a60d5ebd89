package io.duckdock.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where a staged symbolic link points: only inside the staging directory is it read. */
final class FileChecks {
    private final Path stagingRealPath;

    FileChecks(Path stagingDir) {
        try {
            this.stagingRealPath = stagingDir.toRealPath();
        } catch (IOException e) {
            throw new IngestException("Cannot resolve the staging directory " + stagingDir, e);
        }
    }

    /** Why the file must not be read (a link out of staging or to nothing), or empty. */
    Optional<String> linkProblem(StagedFile file) {
        if (!file.symlink()) {
            return Optional.empty();
        }
        try {
            Path target = Path.of(file.path()).toRealPath();
            if (!target.startsWith(stagingRealPath)) {
                return Optional.of("is a symbolic link to " + target
                        + ", outside the staging directory; copy the file into staging instead");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("is a symbolic link whose target does not exist");
        }
    }
}
