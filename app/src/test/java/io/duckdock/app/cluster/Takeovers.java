package io.duckdock.app.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Takeover times measured by a kill run: from each SIGKILL to the next committed batch. */
final class Takeovers {
    private final List<Duration> times = new ArrayList<>();

    void add(Duration time) {
        times.add(time);
    }

    Duration median() {
        List<Duration> sorted = times.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1
                ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    Duration max() {
        return times.stream().max(Duration::compareTo).orElseThrow();
    }

    int count() {
        return times.size();
    }

    @Override
    public String toString() {
        return String.format(
                "%d kills: takeover median %d ms, max %d ms (all: %s)",
                times.size(),
                median().toMillis(),
                max().toMillis(),
                times.stream().map(Duration::toMillis).toList());
    }
}
