package io.duckdock.ingest;

import io.duckdock.config.WarehouseConfig;
import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A dry run of the ingester's judgement: what it would ingest or reject and why. It reads the
 * files with a private in-memory DuckDB and writes nothing anywhere (the ledger is not consulted,
 * so content already ingested is not flagged). Files on a remote file system are read through a
 * temporary local copy, as the ingester reads them through its spool.
 */
public final class Validator {
    /**
     * The verdict on one file: row count when it would be ingested, otherwise the reason.
     *
     * @param file the local path or the remote URI
     */
    public record Verdict(String file, boolean accepted, long rows, Optional<String> reason) {}

    /** A file to judge: what to call it, and the local file DuckDB reads (null when there is none). */
    private record Item(String display, String name, Path local, Optional<String> problem) {}

    private final WarehouseConfig warehouse;

    public Validator(WarehouseConfig warehouse) {
        this.warehouse = warehouse;
    }

    /** Judges local files. */
    public List<Verdict> validate(List<Path> files) {
        return judge(null, workDir -> {
            List<Item> items = new ArrayList<>();
            for (Path file : files) {
                Optional<String> problem = precheck(file);
                items.add(new Item(file.toString(), file.getFileName().toString(), file, problem));
            }
            return items;
        });
    }

    /** Judges files of a (typically remote) directory by name, each copied to a temporary local file first. */
    public List<Verdict> validate(Directory dir, List<String> names) {
        return judge(dir, workDir -> {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Path copy = workDir.resolve("copy-" + i + ".parquet");
                try (InputStream in = dir.open(name)) {
                    Files.copy(in, copy);
                    items.add(new Item(dir.pathOf(name), name, copy, Optional.empty()));
                } catch (NoSuchFileException e) {
                    items.add(
                            new Item(dir.pathOf(name), name, null, Optional.of(dir.pathOf(name) + " does not exist")));
                }
            }
            return items;
        });
    }

    @FunctionalInterface
    private interface Items {
        List<Item> in(Path workDir) throws IOException;
    }

    private List<Verdict> judge(Directory dir, Items items) {
        List<Verdict> verdicts = new ArrayList<>();
        Path workDir = null;
        try (Connection connection =
                Warehouse.openWithRetry(":memory:", warehouse, java.time.Duration.ZERO, IngestListener.NONE)) {
            Warehouse.applySchema(connection);
            workDir = Files.createTempDirectory("duckdock-validate");
            List<Batch.Input> inputs = new ArrayList<>();
            List<Item> readable = new ArrayList<>();
            for (Item item : items.in(workDir)) {
                Optional<String> problem = item.problem();
                FileProbe.Result probe = problem.isPresent() ? null : FileProbe.probe(item.local());
                if (problem.isEmpty() && probe.problem().isPresent()) {
                    problem = Optional.of(item.name() + " " + probe.problem().get());
                }
                if (problem.isPresent()) {
                    verdicts.add(new Verdict(item.display(), false, 0, problem));
                } else {
                    readable.add(item);
                    inputs.add(new Batch.Input(item.local(), item.name(), probe.schema(), probe.rows()));
                }
            }
            try (Batch batch = Batch.plan(connection, inputs, workDir.resolve("aliases"))) {
                batch.checkRows();
                for (int i = 0; i < readable.size(); i++) {
                    Optional<String> problem = batch.rejection(i);
                    Item item = readable.get(i);
                    verdicts.add(
                            problem.isEmpty()
                                    ? new Verdict(item.display(), true, batch.rows(i), Optional.empty())
                                    : new Verdict(
                                            item.display(), false, 0, Optional.of(item.name() + " " + problem.get())));
                }
            }
            return verdicts;
        } catch (SQLException | IOException e) {
            throw new IngestException(
                    "Validation failed" + (dir == null ? "" : " of " + dir.location()) + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(workDir);
        }
    }

    private static Optional<String> precheck(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(file + " does not exist");
        }
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Path parent = file.toAbsolutePath().getParent();
        StagedFile staged = new StagedFile(
                file.toAbsolutePath().toString(),
                Files.isRegularFile(file) ? Files.size(file) : 0,
                attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS),
                attributes.isSymbolicLink());
        return new FileChecks(parent).linkProblem(staged).map(p -> file.getFileName() + " " + p);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans it
        }
    }
}
