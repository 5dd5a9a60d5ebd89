package io.duckdock.app.service;

import io.duckdock.ingest.storage.Directory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
    return list(Directory.local(rejectedDir));
  }

  /** Every rejected file still in a local or remote {@code rejectedDir}, newest first. */
  public static List<Rejected> list(Directory rejectedDir) {
    List<Rejected> rejected = new ArrayList<>();
    try {
      List<Directory.Entry> entries = rejectedDir.files();
      Set<String> names =
          entries.stream().map(Directory.Entry::name).collect(Collectors.toSet());
      for (Directory.Entry reasonFile : entries) {
        String name = reasonFile.name();
        if (!name.endsWith(REASON_SUFFIX)) {
          continue;
        }
        String file = name.substring(0, name.length() - REASON_SUFFIX.length());
        if (!names.contains(file)) {
          continue;
        }
        String text;
        try (InputStream in = rejectedDir.open(name)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        String reason = text.lines().findFirst().orElse("");
        rejected.add(new Rejected(file, reasonFile.modified().toString(), reason));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the rejected directory " + rejectedDir, e);
    }
    rejected.sort(
        Comparator.comparing((Rejected r) -> java.time.Instant.parse(r.rejectedAt())).reversed());
    return rejected;
  }
}
