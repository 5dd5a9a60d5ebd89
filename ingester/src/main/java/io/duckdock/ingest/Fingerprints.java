package io.duckdock.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Content fingerprints (SHA-256 of the bytes), computed in parallel: same bytes, same fingerprint, whatever the name. */
final class Fingerprints {
    /** Stands in for files the ingester must not read (links out of staging, unreadable files). */
    static final String UNREAD = "unread";

    private Fingerprints() {
    }

    static List<String> of(List<Path> files) {
        return files.parallelStream().map(Fingerprints::of).toList();
    }

    static String of(Path file) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            return UNREAD;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
