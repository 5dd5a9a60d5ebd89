package io.duckdock.ingest;

import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists the committed files of the staging directory, oldest first; hidden names are never listed. */
public final class StagingScanner {
    private static final Comparator<StagedFile> OLDEST_FIRST =
            Comparator.comparing(StagedFile::modified).thenComparing(StagedFile::name);

    private StagingScanner() {}

    /** Whether a name is a producer's temporary file (leading '_' or '.'); those are never ingested. */
    public static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    public static List<StagedFile> list(Path stagingDir) {
        return list(Directory.local(stagingDir));
    }

    /** The staging directory's committed files, local or remote, with size and time as its file system reports them. */
    public static List<StagedFile> list(Directory staging) {
        List<StagedFile> files = new ArrayList<>();
        try {
            for (Directory.Entry entry : staging.files()) {
                if (!isHidden(entry.name())) {
                    files.add(new StagedFile(
                            staging.pathOf(entry.name()), entry.size(), entry.modified(), entry.symlink()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the staging directory " + staging.location(), e);
        }
        files.sort(OLDEST_FIRST);
        return files;
    }
}
