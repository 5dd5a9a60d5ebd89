package io.duckdock.staging;

import io.duckdock.staging.hadoop.StagedOutput;
import io.duckdock.staging.hadoop.StagingFileSystem;
import io.duckdock.staging.parquet.EventFileWriter;
import io.duckdock.staging.parquet.EventRow;
import io.duckdock.staging.parquet.ParquetFileOptions;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Parquet file from creation under a hidden temporary name to its publication by rename.
 * Any failure deletes the temporary file, so no partial file is ever visible. Not thread-safe.
 */
final class StagedFile {
    private static final Logger LOG = LoggerFactory.getLogger(StagedFile.class);

    private final StagingFileSystem fs;
    private final String tempName;
    private final String publishedName;
    private final StagedOutput output;
    private final EventFileWriter writer;
    private boolean writerClosed;

    private StagedFile(
            StagingFileSystem fs, String tempName, String publishedName, StagedOutput output, EventFileWriter writer) {
        this.fs = fs;
        this.tempName = tempName;
        this.publishedName = publishedName;
        this.output = output;
        this.writer = writer;
    }

    /**
     * Creates the file under its hidden temporary name and writes the events of {@code buffer} into
     * it in {@link FileBuffer#inFileOrder()}, declaring
     * {@link FileLayout#CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED}. The data stays buffered until
     * {@link #publish()}.
     *
     * @throws StagingException if the file could not be created or written; no file is left behind
     */
    static StagedFile write(StagingFileSystem fs, String producerId, ParquetFileOptions options, FileBuffer buffer) {
        int[] order = buffer.inFileOrder();
        StagedFile file = open(fs, producerId, options, layout(buffer.conversations()));
        try {
            EventRow row = new EventRow();
            for (int position : order) {
                buffer.fill(position, row);
                file.writer.write(row);
            }
        } catch (IOException | RuntimeException e) {
            throw file.discard(new StagingException(
                    "Failed to write staged file: " + fs.pathOf(file.tempName) + ": " + e.getMessage(), e));
        }
        return file;
    }

    /** The footer's declaration of a file in {@link FileBuffer#inFileOrder()}: one run per conversation. */
    private static Map<String, String> layout(int runs) {
        return Map.of(
                FileLayout.KEY,
                FileLayout.CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED,
                FileLayout.CONVERSATIONS_KEY,
                Long.toString(runs));
    }

    private static StagedFile open(
            StagingFileSystem fs, String producerId, ParquetFileOptions options, Map<String, String> layout) {
        UUID fileId = UuidV7.next();
        String tempName = StagedFileNames.tempName(producerId, fileId);
        String tempPath = fs.pathOf(tempName);
        StagedOutput output;
        try {
            output = fs.create(tempName);
        } catch (IOException e) {
            throw new StagingException("Failed to create staged file: " + tempPath + ": " + e.getMessage(), e);
        }
        try {
            EventFileWriter writer = EventFileWriter.open(output, tempPath, options, layout);
            return new StagedFile(fs, tempName, StagedFileNames.publishedName(producerId, fileId), output, writer);
        } catch (IOException | RuntimeException e) {
            StagingException failure =
                    new StagingException("Failed to start Parquet file: " + tempPath + ": " + e.getMessage(), e);
            closeQuietly(output, failure);
            deleteTemp(fs, tempName, failure);
            throw failure;
        }
    }

    /**
     * Writes the footer, syncs the file to the device and renames it to its published name: this
     * rename is the commit.
     *
     * @return the size of the published file
     */
    long publish() {
        long size;
        try {
            writerClosed = true;
            writer.close();
            size = output.position();
        } catch (IOException | RuntimeException e) {
            throw discard(new StagingException(
                    "Failed to finish staged file: " + fs.pathOf(tempName) + ": " + e.getMessage(), e));
        }
        String failure = "Failed to publish " + fs.pathOf(tempName) + " as " + publishedName + ": ";
        boolean renamed;
        try {
            renamed = fs.rename(tempName, publishedName);
        } catch (IOException e) {
            throw discard(new StagingException(failure + e.getMessage(), e));
        }
        if (!renamed) {
            throw discard(new StagingException(failure + "the file system refused the rename"));
        }
        LOG.debug("Published {} ({} rows, {} bytes)", fs.pathOf(publishedName), writer.rowCount(), size);
        return size;
    }

    private StagingException discard(StagingException failure) {
        if (!writerClosed) {
            writerClosed = true;
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        closeQuietly(output, failure);
        deleteTemp(fs, tempName, failure);
        return failure;
    }

    private static void closeQuietly(StagedOutput output, StagingException failure) {
        try {
            output.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteTemp(StagingFileSystem fs, String tempName, StagingException failure) {
        String path = fs.pathOf(tempName);
        try {
            if (!fs.delete(tempName)) {
                LOG.debug("Temporary file {} was already gone", path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed to delete temporary file {}; TempFileSweeper will remove it: {}", path, e.toString());
            failure.addSuppressed(e);
        }
    }
}
