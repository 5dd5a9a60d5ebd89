package io.duckdock.ingest;

import io.duckdock.config.HadoopConfig;
import io.duckdock.config.Layout;
import io.duckdock.error.ErrorCategory;
import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts rejected files back into staging after a human fixed them. The file gets a fresh
 * modification time, so the next run judges it again rather than finishing an old verdict.
 */
public final class Requeue {
    /** The suffix of the file the ingester writes beside each rejected file, holding the reason. */
    public static final String REASON_SUFFIX = FileMover.REASON_SUFFIX;

    private final Directory staging;
    private final Directory rejected;
    private final Clock clock;

    /** For local directories only. */
    public Requeue(Layout layout, Clock clock) {
        this(layout, HadoopConfig.defaults(), clock);
    }

    public Requeue(Layout layout, HadoopConfig hadoop, Clock clock) {
        this.staging = Directory.of(layout.stagingDir(), hadoop);
        this.rejected = Directory.of(layout.rejectedDir(), hadoop);
        this.clock = clock;
    }

    /** Every file waiting in {@code rejected/} (not the reason files). */
    public List<String> rejectedFiles() {
        List<String> names = new ArrayList<>();
        try {
            for (Directory.Entry entry : rejected.files()) {
                if (!entry.name().endsWith(FileMover.REASON_SUFFIX)) {
                    names.add(entry.name());
                }
            }
        } catch (IOException e) {
            throw new IngestException("Cannot list " + rejected.location() + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    /**
     * Moves {@code rejected/<name>} back to {@code staging/<name>} and removes its reason file.
     *
     * @return where the file is now in staging
     * @throws IngestException naming the file when it is not in rejected/ or its name is taken in staging
     */
    public String requeue(String name) {
        String target = staging.pathOf(name);
        try {
            if (name.isEmpty() || name.contains("/") || name.equals("..") || !rejected.exists(name)) {
                throw new IngestException(
                        ErrorCategory.CONFIGURATION,
                        "No rejected file named '" + name + "' in "
                                + rejected.location()
                                + "; 'duckdock requeue --all' requeues every rejected file");
            }
            staging.create();
            rejected.move(name, staging, name);
            staging.setModified(name, clock.instant());
            rejected.delete(name + FileMover.REASON_SUFFIX);
            return target;
        } catch (FileAlreadyExistsException e) {
            throw new IngestException(
                    ErrorCategory.CONFIGURATION,
                    "Cannot requeue '" + name + "': " + target
                            + " already exists in staging; wait for the next ingest run, then requeue it again",
                    e);
        } catch (IOException e) {
            throw new IngestException("Cannot requeue '" + name + "': " + e.getMessage(), e);
        }
    }
}
