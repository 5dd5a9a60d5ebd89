package io.duckdock.staging.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The events of a file not yet written, as compact bytes: each event's values, UTF-8 encoded, one
 * after the other in large byte arrays. Holding the producer's event objects instead would take
 * about twice the memory and keep hundreds of thousands of small objects alive, which the garbage
 * collector copies at every young collection. Not thread-safe.
 *
 * <p>One event, in the Parquet schema's column order except for the timestamp, which comes second
 * so that it is found at a fixed offset: event id (16 bytes, big-endian), timestamp (8), then
 * conversation_id, experiment_id, event_type and event_data, each as a length (4 bytes, -1 for a
 * null value) followed by its UTF-8 bytes.
 */
public final class EncodedEvents {
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final int TIMESTAMP_OFFSET = 16;

    private static final int CHUNK_BYTES = 1 << 20;
    /** Event id, timestamp and four lengths. */
    private static final int FIXED_BYTES = 16 + 8 + 4 * 4;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk = new byte[0];
    private int position;
    /** Per event: chunk index in the high 32 bits, offset in the low ones. */
    private long[] locations;
    private int size;
    private long valueBytes;

    public EncodedEvents(int expectedEvents) {
        this.locations = new long[Math.max(expectedEvents, 16)];
    }

    /** Appends one event; {@code experimentId} and {@code eventData} may be null. */
    public void add(UUID eventId, long timestampMicros, String conversationId, String experimentId,
                    String eventType, String eventData) {
        byte[] conversation = utf8(conversationId);
        byte[] experiment = utf8(experimentId);
        byte[] type = utf8(eventType);
        byte[] data = utf8(eventData);
        int textBytes = conversation.length + length(experiment) + type.length + length(data);
        int start = reserve(FIXED_BYTES + textBytes);
        if (size == locations.length) {
            locations = Arrays.copyOf(locations, size + (size >> 1));
        }
        locations[size++] = ((long) (chunks.size() - 1) << 32) | start;
        LONG.set(chunk, start, eventId.getMostSignificantBits());
        LONG.set(chunk, start + 8, eventId.getLeastSignificantBits());
        LONG.set(chunk, start + TIMESTAMP_OFFSET, timestampMicros);
        position = start + 24;
        put(conversation);
        put(experiment);
        put(type);
        put(data);
        valueBytes += 24 + textBytes;
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** Makes room for {@code bytes} in the current chunk, or starts a new one; returns the start. */
    private int reserve(int bytes) {
        if (chunk.length - position < bytes) {
            chunk = new byte[Math.max(CHUNK_BYTES, bytes)];
            chunks.add(chunk);
            position = 0;
        }
        return position;
    }

    private void put(byte[] text) {
        if (text == null) {
            INT.set(chunk, position, -1);
            position += 4;
            return;
        }
        INT.set(chunk, position, text.length);
        System.arraycopy(text, 0, chunk, position + 4, text.length);
        position += 4 + text.length;
    }

    public int size() {
        return size;
    }

    /** The uncompressed size of the values: 16 bytes of id, 8 of timestamp, the text as UTF-8. */
    public long valueBytes() {
        return valueBytes;
    }

    public long timestampMicros(int index) {
        long location = locations[index];
        return (long) LONG.get(chunks.get((int) (location >>> 32)), (int) location + TIMESTAMP_OFFSET);
    }

    /** Points {@code event} at the event at {@code index}. */
    void locate(int index, EncodedEvent event) {
        long location = locations[index];
        event.bytes = chunks.get((int) (location >>> 32));
        event.offset = (int) location;
    }
}
