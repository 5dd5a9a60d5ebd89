package io.duckdock.ingest;

import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves judged files out of staging after the commit: ingested and duplicate files to
 * {@code archive/<yyyy-MM-dd>/}, rejected ones to {@code rejected/} beside a {@code .reason.txt}.
 * Each move is a rename on the staging directory's file system (local or remote); a crash between
 * the commit and the move is finished by the next run.
 */
final class FileMover {
    private static final Logger LOG = LoggerFactory.getLogger(FileMover.class);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    static final String REASON_SUFFIX = ".reason.txt";

    private final Directory staging;
    private final Directory archive;
    private final Directory rejected;
    /** Day folders this mover created already: one mkdirs per day, not per file (a NameNode call on HDFS). */
    private final Set<String> createdDays = new HashSet<>();

    FileMover(Directory staging, Directory archive, Directory rejected) {
        this.staging = staging;
        this.archive = archive;
        this.rejected = rejected;
    }

    /** Moves the file where its status sends it; a file already gone is left alone. */
    void moveOut(StagedFile file, FileStatus status, String reason, Instant when) {
        try {
            if (status == FileStatus.REJECTED) {
                rejected.create();
                String target = freeName(rejected, file.name());
                rejected.writeText(
                        target + REASON_SUFFIX,
                        reason + "\n" + "Fix the file, then put it back with: duckdock requeue " + target + "\n");
                staging.move(file.name(), rejected, target);
            } else {
                String dayName = DAY.format(when);
                Directory day = archive.child(dayName);
                if (createdDays.add(dayName)) {
                    day.create();
                }
                archive(file.name(), day);
            }
        } catch (NoSuchFileException gone) {
            LOG.warn("{}: already moved out of staging by someone else", file.path());
        } catch (IOException e) {
            throw new IngestException(
                    "Cannot move " + file.path() + " out of staging after the commit; "
                            + "it stays recorded in the ledger and the next run moves it: " + e,
                    e);
        }
    }

    /**
     * Moves into the day folder under the file's name, or with a numeric prefix when that is taken:
     * the rename itself refuses a taken name, so no separate look-up per file (one NameNode call
     * fewer on HDFS).
     */
    private void archive(String name, Directory day) throws IOException {
        String candidate = name;
        for (int n = 1; ; n++) {
            try {
                staging.move(name, day, candidate);
                return;
            } catch (FileAlreadyExistsException taken) {
                candidate = n + "-" + name;
                if (n > 100_000) {
                    throw taken;
                }
            }
        }
    }

    /** The name itself, or with a numeric prefix when an earlier file of that name is already there. */
    private static String freeName(Directory dir, String name) throws IOException {
        String candidate = name;
        for (int n = 1; dir.exists(candidate); n++) {
            candidate = n + "-" + name;
            if (n > 100_000) {
                throw new FileAlreadyExistsException(dir.pathOf(name));
            }
        }
        return candidate;
    }
}
