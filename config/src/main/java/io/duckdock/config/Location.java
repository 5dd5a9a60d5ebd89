package io.duckdock.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where one DuckDock directory lives: a local path, or a directory on a Hadoop file system
 * ({@code hdfs://namenode:8020/events/staging}). A setting is never turned into a local folder
 * named after a scheme: text that starts with a scheme is either a supported URI or refused.
 *
 * @param uri absolute; {@code file:} for a local directory (no trailing slash), otherwise a
 *     URI of a {@linkplain #REMOTE_SCHEMES supported} remote file system
 */
public record Location(URI uri) {
    /** Schemes of remote file systems DuckDock serves through Hadoop's FileSystem. */
    public static final Set<String> REMOTE_SCHEMES = Set.of("hdfs");
    /** What a directory setting accepts, completing "must be ...". */
    static final String EXPECTED = "a local directory path (relative to home or absolute), "
            + "or a URI of a supported file system: hdfs://namenode:8020/path or file:///absolute/path";

    private static final String LOCAL_SCHEME = "file";
    /** A URI scheme of two or more characters, as RFC 3986 spells it. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    public Location {
        Objects.requireNonNull(uri, "uri");
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("A location needs a scheme: " + uri);
        }
    }

    /** A local directory. */
    public static Location local(Path dir) {
        Path path = dir.toAbsolutePath().normalize();
        try {
            return new Location(new URI(LOCAL_SCHEME, null, path.toString(), null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a usable path: " + dir, e);
        }
    }

    /** Whether {@code text} starts like a URI ({@code scheme:}), so it is never read as a local path. */
    public static boolean hasScheme(String text) {
        return SCHEME.matcher(text).matches();
    }

    /**
     * Reads a directory setting: a plain path is local and resolved against {@code home}; a URI
     * must be {@code file:///absolute} or use a {@linkplain #REMOTE_SCHEMES supported} scheme.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Location parse(String text, Path home) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        if (!hasScheme(text)) {
            return local(home.resolve(text));
        }
        URI uri = URI.create(text).normalize();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getPath();
        if (uri.isOpaque()
                || path == null
                || !path.startsWith("/")
                || uri.getQuery() != null
                || uri.getFragment() != null) {
            throw new IllegalArgumentException("not a directory URI with an absolute path: " + text);
        }
        if (scheme.equals(LOCAL_SCHEME)) {
            String host = uri.getAuthority();
            if (host != null && !host.equals("localhost")) {
                throw new IllegalArgumentException("a file: URI names no host: " + text);
            }
            return local(Path.of(path));
        }
        if (!REMOTE_SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unsupported scheme " + scheme);
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        try {
            return new Location(new URI(scheme, uri.getAuthority(), trimmed, null, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether the directory is on this machine's file system. */
    public boolean isLocal() {
        return LOCAL_SCHEME.equals(uri.getScheme());
    }

    /**
     * The local directory.
     *
     * @throws IllegalStateException when the location is remote
     */
    public Path localPath() {
        if (!isLocal()) {
            throw new IllegalStateException(uri + " is not a local directory");
        }
        return Path.of(uri);
    }

    /** The file system the directory is on: {@code local}, or the URI's scheme and authority. */
    public String fileSystem() {
        if (isLocal()) {
            return "local";
        }
        return uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
    }

    /** The local path as a plain path, a remote directory as its URI. */
    @Override
    public String toString() {
        return isLocal() ? localPath().toString() : uri.toString();
    }
}
