package io.duckdock.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves judged files out of staging after the commit: ingested and duplicate files to
 * {@code archive/<yyyy-MM-dd>/}, rejected ones to {@code rejected/} beside a {@code .reason.txt}.
 * Each move is a rename; a crash between the commit and the move is finished by the next run.
 */
final class FileMover {
    private static final Logger LOG = LoggerFactory.getLogger(FileMover.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    static final String REASON_SUFFIX = ".reason.txt";

    private final Path archiveDir;
    private final Path rejectedDir;

    FileMover(Path archiveDir, Path rejectedDir) {
        this.archiveDir = archiveDir;
        this.rejectedDir = rejectedDir;
    }

    /** Moves the file where its status sends it; a file already gone is left alone. */
    void moveOut(StagedFile file, FileStatus status, String reason, Instant when) {
        try {
            if (status == FileStatus.REJECTED) {
                Files.createDirectories(rejectedDir);
                Path target = freeName(rejectedDir, file.name());
                Files.writeString(rejectedDir.resolve(target.getFileName() + REASON_SUFFIX), reason + "\n"
                        + "Fix the file, then put it back with: duckdock requeue " + target.getFileName() + "\n",
                        StandardCharsets.UTF_8);
                move(file.path(), target);
            } else {
                Path day = archiveDir.resolve(DAY.format(when));
                Files.createDirectories(day);
                move(file.path(), freeName(day, file.name()));
            }
        } catch (NoSuchFileException gone) {
            LOG.warn("{}: already moved out of staging by someone else", file.path());
        } catch (IOException e) {
            throw new IngestException("Cannot move " + file.path() + " out of staging after the commit; "
                    + "it stays recorded in the ledger and the next run moves it: " + e, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The name itself, or with a numeric prefix when an earlier file of that name is already there. */
    private static Path freeName(Path dir, String name) throws FileAlreadyExistsException {
        Path candidate = dir.resolve(name);
        for (int n = 1; Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            candidate = dir.resolve(n + "-" + name);
            if (n > 100_000) {
                throw new FileAlreadyExistsException(dir.resolve(name).toString());
            }
        }
        return candidate;
    }
}
