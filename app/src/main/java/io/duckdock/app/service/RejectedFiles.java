package io.duckdock.app.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files the ingester moved to {@code rejected/}, read from the {@code <name>.reason.txt} it
 * writes beside each one; a file requeued by {@code duckdock requeue} is no longer listed.
 */
public final class RejectedFiles {
  static final String REASON_SUFFIX = ".reason.txt";

  private RejectedFiles() {}

  /** A rejected file and the first line of its reason. */
  public record Rejected(String file, String rejectedAt, String reason) {}

  /** Every rejected file still in {@code rejectedDir}, newest first. */
  public static List<Rejected> list(Path rejectedDir) {
    List<Rejected> rejected = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(rejectedDir, "*" + REASON_SUFFIX)) {
      for (Path reasonFile : entries) {
        String name = reasonFile.getFileName().toString();
        String file = name.substring(0, name.length() - REASON_SUFFIX.length());
        if (!Files.exists(rejectedDir.resolve(file))) {
          continue;
        }
        java.time.Instant time = Files.getLastModifiedTime(reasonFile).toInstant();
        String text = Files.readString(reasonFile, StandardCharsets.UTF_8).strip();
        String reason = text.lines().findFirst().orElse("");
        rejected.add(new Rejected(file, time.toString(), reason));
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the rejected directory " + rejectedDir, e);
    }
    rejected.sort(Comparator.comparing((Rejected r) -> java.time.Instant.parse(r.rejectedAt())).reversed());
    return rejected;
  }
}
