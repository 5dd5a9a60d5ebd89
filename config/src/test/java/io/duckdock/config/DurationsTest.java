package io.duckdock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @Test
    void parse_acceptsEveryUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void parse_ignoresCaseAndSurroundingWhitespace() {
        assertThat(Durations.parse(" 10 MS ")).isEqualTo(Duration.ofMillis(10));
        assertThat(Durations.parse("3H")).isEqualTo(Duration.ofHours(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "abc", "5x", "-5s", "1.5s", "s", "5 s s"})
    void parse_rejectsMalformedTextNamingValueAndForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid duration '" + text + "': expected a whole number followed by "
                        + "ms, s, m, h or d (e.g. 500ms, 5s, 2m, 1h, 7d)");
    }

    @Test
    void parse_rejectsOverflow() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid duration '99999999999999999999d': value is too large");
    }

    @Test
    void parse_rejectsNull() {
        assertThatThrownBy(() -> Durations.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid duration null: expected a whole number");
    }

    @Test
    void format_usesLargestExactUnit() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ofHours(25))).isEqualTo("25h");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.format(Duration.ofNanos(100))).isEqualTo("PT0.0000001S");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "1ms", "999ms", "59s", "61m", "23h", "365d"})
    void format_roundTripsThroughParse(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
