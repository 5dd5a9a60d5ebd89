package io.duckdock.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the known name closest to a misspelled one (Levenshtein distance). */
final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate nearest to {@code unknown}, if it is close enough to be a plausible misspelling:
     * at most 2 edits, or a quarter of the name's length for long names.
     */
    static Optional<String> closest(String unknown, Collection<String> candidates) {
        int allowed = Math.max(2, unknown.length() / 4);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(unknown, candidate);
            if (distance < bestDistance || distance == bestDistance && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
