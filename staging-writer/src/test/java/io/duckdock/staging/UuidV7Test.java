package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void next_setsVersion7AndRfcVariant() {
        UUID uuid = UuidV7.next();

        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void next_startsWithCurrentUnixMilliseconds() {
        long before = System.currentTimeMillis();
        long millis = UuidV7.next().getMostSignificantBits() >>> 16;

        assertThat(millis).isBetween(before, System.currentTimeMillis() + 1_000);
    }

    @Test
    void next_isStrictlyIncreasingWithinProcess() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(UuidV7.next());
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i).getMostSignificantBits())
                    .isGreaterThan(ids.get(i - 1).getMostSignificantBits());
            // The textual form sorts the same way, so file names sort by time.
            assertThat(ids.get(i).toString()).isGreaterThan(ids.get(i - 1).toString());
        }
    }

    @Test
    void next_isUniqueAcrossThreads() {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 4).parallel().forEach(t -> {
            for (int i = 0; i < 50_000; i++) {
                ids.add(UuidV7.next());
            }
        });

        assertThat(ids).hasSize(200_000);
    }
}
