package io.duckdock.ingest;

import io.duckdock.config.Layout;
import io.duckdock.error.ErrorCategory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
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

    private final Layout layout;
    private final Clock clock;

    public Requeue(Layout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    /** Every file waiting in {@code rejected/} (not the reason files). */
    public List<String> rejectedFiles() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.rejected())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.endsWith(FileMover.REASON_SUFFIX)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IngestException("Cannot list " + layout.rejected() + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    /**
     * Moves {@code rejected/<name>} back to {@code staging/<name>} and removes its reason file.
     *
     * @throws IngestException (configuration) naming the file when it is not in rejected/ or its name is
     *                         taken in staging
     */
    public Path requeue(String name) {
        Path source = layout.rejected().resolve(name).normalize();
        if (!source.getParent().equals(layout.rejected()) || !Files.exists(source, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IngestException(ErrorCategory.CONFIGURATION, "No rejected file named '" + name + "' in "
                    + layout.rejected()
                    + "; 'duckdock requeue --all' requeues every rejected file");
        }
        Path target = layout.staging().resolve(name);
        try {
            Files.createDirectories(layout.staging());
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            if (!Files.isSymbolicLink(target)) {
                Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
            }
            Files.deleteIfExists(layout.rejected().resolve(name + FileMover.REASON_SUFFIX));
            return target;
        } catch (FileAlreadyExistsException e) {
            throw new IngestException(ErrorCategory.CONFIGURATION, "Cannot requeue '" + name + "': " + target
                    + " already exists in staging; wait for the next ingest run, then requeue it again", e);
        } catch (IOException e) {
            throw new IngestException("Cannot requeue '" + name + "': " + e.getMessage(), e);
        }
    }
}
