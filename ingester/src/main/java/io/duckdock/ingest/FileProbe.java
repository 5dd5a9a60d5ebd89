package io.duckdock.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * One read of a staged file: its content fingerprint (SHA-256) and, when it starts and ends with
 * the Parquet magic bytes, its footer's schema and row count. Reading footers here, in parallel
 * with the hashing that reads the file anyway, spares DuckDB a metadata pass per file.
 *
 * <p>What the bytes say is the file's fault (not Parquet, truncated, a corrupt footer): a problem
 * in the result, the file is rejected. A failure to read the bytes at all (no permission, an I/O
 * error of the disk or the network, the file gone) is the machine's: an {@link IOException} for
 * the caller, who leaves the file in staging.
 */
final class FileProbe {
    /** Stands in for the fingerprint of a file that could not be read. */
    static final String UNREAD = "unread";

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAIL = 8;

    /**
     * @param problem why this is not a whole Parquet file, if it is not
     * @param schema  one entry per schema element (name and types), comparable across files
     * @param rows    the footer's row count
     * @param layout  how the writer says it ordered the rows (DuckDock's own producer declares it)
     */
    record Result(String fingerprint, Optional<String> problem, List<String> schema, long rows, DeclaredLayout layout) {
        Result(String fingerprint, Optional<String> problem, List<String> schema, long rows) {
            this(fingerprint, problem, schema, rows, DeclaredLayout.NONE);
        }
    }

    private FileProbe() {}

    /**
     * {@link #read} for a file outside a batch ({@code duckdock validate}).
     *
     * @throws IngestException when the file's bytes cannot be read
     */
    static Result probe(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            throw new IngestException(
                    "Cannot read " + file + " (" + describe(e)
                            + "); fix its permissions or the disk or file system it is on",
                    e);
        }
    }

    /** @throws IOException when the file's bytes cannot be read (not when they are not Parquet) */
    static Result read(Path file) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        try (FileChannel channel = FileChannel.open(file)) {
            long size = 0;
            int read;
            while ((read = channel.read(buffer.clear())) >= 0) {
                digest.update(buffer.array(), 0, read);
                size += read;
            }
            return check(channel, HexFormat.of().formatHex(digest.digest()), size);
        }
    }

    /**
     * Probes a remote file in the one read that copies it to {@code copy} (a new local file),
     * so DuckDB can then load the copy.
     *
     * @throws IOException     when the source cannot be read
     * @throws IngestException when the spool cannot be written (ingest.spool-dir)
     */
    static Result probeCopy(InputStream source, Path copy) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = source;
                FileChannel channel = openCopy(copy)) {
            long size = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
                writeCopy(channel, ByteBuffer.wrap(buffer, 0, read), copy);
                size += read;
            }
            return check(channel, HexFormat.of().formatHex(digest.digest()), size);
        }
    }

    /** A read failure for a log line or message: its type (AccessDeniedException...) and its message. */
    static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /**
     * The spool's own failures (full disk, no access) are the ingester's problem, not the file's:
     * they end the batch, which is rolled back, instead of rejecting a good file.
     */
    private static FileChannel openCopy(Path copy) {
        try {
            return FileChannel.open(
                    copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw spoolFailure(copy, e);
        }
    }

    private static void writeCopy(FileChannel channel, ByteBuffer bytes, Path copy) {
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            throw spoolFailure(copy, e);
        }
    }

    private static IngestException spoolFailure(Path copy, IOException e) {
        return new IngestException(
                io.duckdock.error.ErrorCategory.CONFIGURATION,
                "Cannot write " + copy
                        + " in the spool (ingest.spool-dir): " + e.getMessage() + "; free space there or point "
                        + "ingest.spool-dir at a local directory with room for a batch (ingest.max-bytes-per-batch)",
                e);
    }

    private static Result check(FileChannel channel, String fingerprint, long size) throws IOException {
        byte[] head = readAt(channel, 0, MAGIC.length);
        byte[] tail = readAt(channel, Math.max(0, size - TAIL), TAIL);
        Optional<String> problem = magicProblem(head, tail, size);
        if (problem.isPresent()) {
            return new Result(fingerprint, problem, List.of(), 0);
        }
        return footer(channel, fingerprint, tail, size);
    }

    private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining() && channel.read(bytes, position + bytes.position()) > 0) {
            // positional reads until full or end of file
        }
        return bytes.array();
    }

    private static Optional<String> magicProblem(byte[] head, byte[] tail, long size) {
        if (size < 12) {
            return Optional.of(
                    size == 0 ? "is empty (0 bytes)" : "is too small to be a Parquet file (" + size + " bytes)");
        }
        if (!Arrays.equals(head, MAGIC)) {
            return Optional.of("is not a Parquet file (it does not start with the PAR1 magic bytes)");
        }
        if (!Arrays.equals(Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
            return Optional.of("is not a whole Parquet file (no PAR1 magic bytes at the end: "
                    + "truncated, or still being written)");
        }
        return Optional.empty();
    }

    private static Result footer(FileChannel channel, String fingerprint, byte[] tail, long size) throws IOException {
        long length = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        long start = size - TAIL - length;
        if (length == 0 || start < MAGIC.length) {
            return new Result(fingerprint, Optional.of("has a corrupt footer (length " + length + ")"), List.of(), 0);
        }
        try {
            FileMetaData metadata =
                    Util.readFileMetaData(new ByteArrayInputStream(readAt(channel, start, (int) length)));
            return new Result(
                    fingerprint,
                    Optional.empty(),
                    signature(metadata.getSchema()),
                    metadata.getNum_rows(),
                    DeclaredLayout.from(metadata.getKey_value_metadata()));
        } catch (IOException | RuntimeException e) {
            return new Result(fingerprint, Optional.of("has a corrupt footer: " + e.getMessage()), List.of(), 0);
        }
    }

    private static List<String> signature(List<SchemaElement> elements) {
        List<String> schema = new ArrayList<>(elements.size());
        for (SchemaElement element : elements) {
            schema.add(element.getName().toLowerCase(Locale.ROOT)
                    + ':'
                    + element.getType()
                    + ':'
                    + element.getConverted_type()
                    + ':'
                    + element.getLogicalType()
                    + ':'
                    + element.getRepetition_type()
                    + ':'
                    + element.getNum_children()
                    + ':'
                    + element.getType_length());
        }
        return schema;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
