package io.duckdock.staging;

import io.duckdock.staging.parquet.EventRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events of a file not yet written. A file is written in the order
 * {@link FileLayout#CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED} promises, which is known only when
 * the file is complete, so its events are held until then: as numbers and codes in a few large
 * arrays (conversation, event type and experiment id by code, only the payload by reference), not
 * as the producer's {@link Event} objects, which then die young instead of being copied by every
 * collection while the file fills (with a fresh event per write that copying cost a fifth of the
 * producer's time). Each event is assigned to its conversation as it arrives;
 * {@link #inFileOrder()} is then a stable counting sort by conversation, plus a stable sort by
 * timestamp of only the conversations whose events arrived out of time order. Not thread-safe.
 */
final class FileBuffer {
    /** Per event on top of its text: 16 bytes of event id and 8 of timestamp. */
    private static final int FIXED_BYTES_PER_EVENT = 24;

    private static final int INITIAL_CAPACITY = 1_024;
    private static final int NUMBERS = 3;
    private static final int CODES = 3;

    private final long openedAtMillis;
    private final Map<String, Conversation> byId = new HashMap<>();
    private final List<Conversation> conversations = new ArrayList<>();
    /** Per event, side by side so that writing one touches two places: event id (two longs) and timestamp. */
    private long[] numbers;
    /** Per event, side by side: its conversation's index, and the codes of its event type and experiment id. */
    private int[] codes;
    /** Per event: its payload, the one text not shared by many events. */
    private String[] eventData;

    private final Dictionary eventTypes = new Dictionary();
    private final Dictionary experimentIds = new Dictionary();
    private int size;
    private long estimatedBytes;
    private Conversation last;

    FileBuffer(long openedAtMillis, int maxRows) {
        this.openedAtMillis = openedAtMillis;
        allocate(Math.min(maxRows, INITIAL_CAPACITY));
    }

    private void allocate(int capacity) {
        numbers = Arrays.copyOf(numbers == null ? new long[0] : numbers, capacity * NUMBERS);
        codes = Arrays.copyOf(codes == null ? new int[0] : codes, capacity * CODES);
        eventData = Arrays.copyOf(eventData == null ? new String[0] : eventData, capacity);
    }

    void add(Event event) {
        if (size == eventData.length) {
            allocate(size + (size >> 1) + 1);
        }
        Conversation conversation = conversationOf(event.conversationId());
        conversation.add(event.timestampMicros());
        UUID id = event.eventId();
        int n = size * NUMBERS;
        numbers[n] = id.getMostSignificantBits();
        numbers[n + 1] = id.getLeastSignificantBits();
        numbers[n + 2] = event.timestampMicros();
        int c = size * CODES;
        codes[c] = conversation.index;
        codes[c + 1] = eventTypes.code(event.eventType());
        codes[c + 2] = experimentIds.code(event.experimentIdOrNull());
        eventData[size] = event.eventDataOrNull();
        size++;
        estimatedBytes += FIXED_BYTES_PER_EVENT
                + event.conversationId().length()
                + event.eventType().length()
                + length(event.experimentIdOrNull())
                + length(event.eventDataOrNull());
    }

    private Conversation conversationOf(String id) {
        // Producers often write a conversation's events in a row.
        if (last == null || !last.id.equals(id)) {
            last = byId.get(id);
            if (last == null) {
                last = new Conversation(id, conversations.size());
                byId.put(id, last);
                conversations.add(last);
            }
        }
        return last;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    long openedAtMillis() {
        return openedAtMillis;
    }

    int size() {
        return size;
    }

    /** The conversations of the file: each is one run of rows in file order. */
    int conversations() {
        return conversations.size();
    }

    /**
     * The size of the file before compression, counting a character of text as one byte (exact
     * for ASCII text).
     */
    long estimatedBytes() {
        return estimatedBytes;
    }

    /**
     * The positions of the events, in the order they were added, in file order: conversations in
     * the order of their first event, each one's events by timestamp, ties in write order.
     */
    int[] inFileOrder() {
        int[] next = new int[conversations.size()];
        int start = 0;
        for (Conversation conversation : conversations) {
            next[conversation.index] = start;
            start += conversation.count;
        }
        int[] ordered = new int[size];
        for (int i = 0; i < size; i++) {
            ordered[next[codes[i * CODES]]++] = i;
        }
        start = 0;
        for (Conversation conversation : conversations) {
            int end = start + conversation.count;
            if (!conversation.inTimeOrder) {
                sortByTimestamp(ordered, start, end);
            }
            start = end;
        }
        return ordered;
    }

    /** Stable: positions within the range are ascending, and equal timestamps keep that order. */
    private void sortByTimestamp(int[] positions, int from, int to) {
        Integer[] range = new Integer[to - from];
        for (int i = from; i < to; i++) {
            range[i - from] = positions[i];
        }
        Arrays.sort(range, (a, b) -> Long.compare(numbers[a * NUMBERS + 2], numbers[b * NUMBERS + 2]));
        for (int i = from; i < to; i++) {
            positions[i] = range[i - from];
        }
    }

    /** Fills {@code row} with the event added at {@code position}. */
    void fill(int position, EventRow row) {
        int n = position * NUMBERS;
        int c = position * CODES;
        row.set(
                numbers[n],
                numbers[n + 1],
                conversations.get(codes[c]).id,
                experimentIds.value(codes[c + 2]),
                eventTypes.value(codes[c + 1]),
                numbers[n + 2],
                eventData[position]);
    }

    /**
     * Codes for the few distinct values of a column (event types, experiment ids), so that a held
     * event keeps no reference to them: storing references into the large arrays costs the
     * collector's write barrier on every store.
     */
    private static final class Dictionary {
        private final Map<String, Integer> codes = new HashMap<>();
        private final List<String> values = new ArrayList<>();
        private String lastValue;
        private int lastCode;

        /** -1 for null. */
        int code(String value) {
            if (value == null) {
                return -1;
            }
            if (!value.equals(lastValue)) {
                Integer code = codes.get(value);
                if (code == null) {
                    code = values.size();
                    codes.put(value, code);
                    values.add(value);
                }
                lastValue = value;
                lastCode = code;
            }
            return lastCode;
        }

        String value(int code) {
            return code < 0 ? null : values.get(code);
        }
    }

    private static final class Conversation {
        final String id;
        final int index;
        int count;
        long lastTimestamp = Long.MIN_VALUE;
        boolean inTimeOrder = true;

        Conversation(String id, int index) {
            this.id = id;
            this.index = index;
        }

        void add(long timestamp) {
            count++;
            if (timestamp < lastTimestamp) {
                inTimeOrder = false;
            }
            lastTimestamp = timestamp;
        }
    }
}
