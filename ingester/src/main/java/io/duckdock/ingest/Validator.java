package io.duckdock.ingest;

import io.duckdock.config.WarehouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dry run of the ingester's judgement: what it would ingest or reject and why. It reads the
 * files with a private in-memory DuckDB and writes nothing anywhere (the ledger is not consulted,
 * so content already ingested is not flagged).
 */
public final class Validator {
    /** The verdict on one file: row count when it would be ingested, otherwise the reason. */
    public record Verdict(Path file, boolean accepted, long rows, Optional<String> reason) {
    }

    private final WarehouseConfig warehouse;

    public Validator(WarehouseConfig warehouse) {
        this.warehouse = warehouse;
    }

    public List<Verdict> validate(List<Path> files) {
        List<Verdict> verdicts = new ArrayList<>();
        Path workDir = null;
        try (Connection connection = Warehouse.openWithRetry(":memory:", warehouse, java.time.Duration.ZERO,
                IngestListener.NONE)) {
            Warehouse.applySchema(connection);
            workDir = Files.createTempDirectory("duckdock-validate");
            List<BatchLoader.Candidate> candidates = new ArrayList<>();
            List<Path> readable = new ArrayList<>();
            try (ReadPaths readPaths = new ReadPaths(workDir.resolve("aliases"))) {
                for (Path file : files) {
                    Optional<String> problem = precheck(file);
                    FileProbe.Result probe = problem.isPresent() ? null : FileProbe.probe(file);
                    if (problem.isEmpty() && probe.problem().isPresent()) {
                        problem = Optional.of(file.getFileName() + " " + probe.problem().get());
                    }
                    if (problem.isPresent()) {
                        verdicts.add(new Verdict(file, false, 0, problem));
                    } else {
                        int index = readable.size();
                        readable.add(file);
                        candidates.add(new BatchLoader.Candidate(index, readPaths.readPathFor(file, index),
                                file.getFileName().toString(), probe.schema(), probe.rows()));
                    }
                }
                BatchLoader loader = new BatchLoader(connection);
                BatchLoader.Result loaded = loader.checkRows(loader.load(candidates));
                for (int i = 0; i < readable.size(); i++) {
                    String problem = loaded.rejected().get(i);
                    Path file = readable.get(i);
                    verdicts.add(problem == null
                            ? new Verdict(file, true, loaded.rows().getOrDefault(i, 0L), Optional.empty())
                            : new Verdict(file, false, 0, Optional.of(file.getFileName() + " " + problem)));
                }
            }
            return verdicts;
        } catch (SQLException | IOException e) {
            throw new IngestException("Validation failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(workDir);
        }
    }

    private static Optional<String> precheck(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(file + " does not exist");
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Path parent = file.toAbsolutePath().getParent();
        StagedFile staged = new StagedFile(file.toAbsolutePath().toString(), Files.isRegularFile(file) ? Files.size(file) : 0,
                attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS), attributes.isSymbolicLink());
        return new FileChecks(parent).linkProblem(staged).map(p -> file.getFileName() + " " + p);
    }

    private static void deleteQuietly(Path dir) {
        if (dir != null) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temporary folder; the OS cleans it
            }
        }
    }

}
