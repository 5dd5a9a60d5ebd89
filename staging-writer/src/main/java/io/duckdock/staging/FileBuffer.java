package io.duckdock.staging;

import io.duckdock.staging.parquet.EncodedEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of a file not yet written. A file is written in the order
 * {@link FileLayout#CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED} promises, which is known only when
 * the file is complete, so its events are held until then, as compact bytes ({@link EncodedEvents}).
 * Each event is assigned to its conversation as it arrives; {@link #fileOrder()} is then a stable
 * counting sort by conversation, plus a stable sort by timestamp of only the conversations whose
 * events arrived out of time order. Not thread-safe.
 */
final class FileBuffer {
    private static final int INITIAL_CAPACITY = 1_024;

    private final long openedAtMillis;
    private final EncodedEvents events;
    private final Map<String, Conversation> byId = new HashMap<>();
    private final List<Conversation> conversations = new ArrayList<>();
    private int[] conversationOf;
    private Conversation last;

    FileBuffer(long openedAtMillis, int maxRows) {
        this.openedAtMillis = openedAtMillis;
        int capacity = Math.min(maxRows, INITIAL_CAPACITY);
        this.events = new EncodedEvents(capacity);
        this.conversationOf = new int[capacity];
    }

    void add(Event event) {
        Conversation conversation = conversationOf(event.conversationId());
        conversation.add(event.timestampMicros());
        int index = events.size();
        if (index == conversationOf.length) {
            conversationOf = Arrays.copyOf(conversationOf, index + (index >> 1) + 1);
        }
        conversationOf[index] = conversation.index;
        events.add(event.eventId(), event.timestampMicros(), event.conversationId(), event.experimentIdOrNull(),
                event.eventType(), event.eventDataOrNull());
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

    long openedAtMillis() {
        return openedAtMillis;
    }

    int size() {
        return events.size();
    }

    /** The size of the file's values before encoding and compression. */
    long valueBytes() {
        return events.valueBytes();
    }

    EncodedEvents events() {
        return events;
    }

    /**
     * The indexes of the events in file order: conversations in the order of their first event,
     * each one's events by timestamp, ties in write order.
     */
    int[] fileOrder() {
        int size = events.size();
        int[] next = new int[conversations.size()];
        int start = 0;
        for (Conversation conversation : conversations) {
            next[conversation.index] = start;
            start += conversation.count;
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[next[conversationOf[i]]++] = i;
        }
        start = 0;
        for (Conversation conversation : conversations) {
            int end = start + conversation.count;
            if (!conversation.inTimeOrder) {
                sortByTimestamp(order, start, end);
            }
            start = end;
        }
        return order;
    }

    /** A stable sort: events of equal timestamps keep their (write) order. */
    private void sortByTimestamp(int[] order, int from, int to) {
        Integer[] range = new Integer[to - from];
        for (int i = from; i < to; i++) {
            range[i - from] = order[i];
        }
        Arrays.sort(range, Comparator.comparingLong(events::timestampMicros));
        for (int i = from; i < to; i++) {
            order[i] = range[i - from];
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
