package io.duckdock.staging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of a file not yet written. A file is written in the order
 * {@link FileLayout#CONVERSATION_CONTIGUOUS_TIMESTAMP_ORDERED} promises, which is known only when
 * the file is complete, so its events are held until then (references only: the events are the
 * producer's). Each event is assigned to its conversation as it arrives, while it is still in the
 * processor's cache; {@link #inFileOrder()} is then a stable counting sort by conversation, plus a
 * stable sort by timestamp of only the conversations whose events arrived out of time order. Not
 * thread-safe.
 */
final class FileBuffer {
    /** Per event on top of its text: 16 bytes of event id and 8 of timestamp. */
    private static final int FIXED_BYTES_PER_EVENT = 24;

    private static final int INITIAL_CAPACITY = 1_024;
    private static final Comparator<Event> BY_TIMESTAMP = Comparator.comparingLong(Event::timestampMicros);

    private final long openedAtMillis;
    private final Map<String, Conversation> byId = new HashMap<>();
    private final List<Conversation> conversations = new ArrayList<>();
    private Event[] events;
    private int[] conversationOf;
    private int size;
    private long estimatedBytes;
    private Conversation last;

    FileBuffer(long openedAtMillis, int maxRows) {
        this.openedAtMillis = openedAtMillis;
        int capacity = Math.min(maxRows, INITIAL_CAPACITY);
        this.events = new Event[capacity];
        this.conversationOf = new int[capacity];
    }

    void add(Event event) {
        if (size == events.length) {
            int capacity = size + (size >> 1) + 1;
            events = Arrays.copyOf(events, capacity);
            conversationOf = Arrays.copyOf(conversationOf, capacity);
        }
        Conversation conversation = conversationOf(event.conversationId());
        conversation.add(event.timestampMicros());
        events[size] = event;
        conversationOf[size] = conversation.index;
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

    /**
     * The size of the file before compression, counting a character of text as one byte (exact
     * for ASCII text).
     */
    long estimatedBytes() {
        return estimatedBytes;
    }

    /**
     * The events in file order: conversations in the order of their first event, each one's events
     * by timestamp, ties in write order.
     */
    Event[] inFileOrder() {
        int[] next = new int[conversations.size()];
        int start = 0;
        for (Conversation conversation : conversations) {
            next[conversation.index] = start;
            start += conversation.count;
        }
        Event[] ordered = new Event[size];
        for (int i = 0; i < size; i++) {
            ordered[next[conversationOf[i]]++] = events[i];
        }
        start = 0;
        for (Conversation conversation : conversations) {
            int end = start + conversation.count;
            if (!conversation.inTimeOrder) {
                Arrays.sort(ordered, start, end, BY_TIMESTAMP);
            }
            start = end;
        }
        return ordered;
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
