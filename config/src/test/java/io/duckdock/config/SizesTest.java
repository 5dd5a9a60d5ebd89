package io.duckdock.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
    @Test
    void parse_acceptsEveryUnitAs1024Based() {
        assertThat(Sizes.parse("100B")).isEqualTo(100);
        assertThat(Sizes.parse("512KB")).isEqualTo(512L * 1024);
        assertThat(Sizes.parse("64MB")).isEqualTo(64L * 1024 * 1024);
        assertThat(Sizes.parse("1GB")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Sizes.parse("2TB")).isEqualTo(2L * 1024 * 1024 * 1024 * 1024);
    }

    @Test
    void parse_acceptsPlainBytesIecUnitsAnyCaseAndWhitespace() {
        assertThat(Sizes.parse("4096")).isEqualTo(4096);
        assertThat(Sizes.parse("1KiB")).isEqualTo(1024);
        assertThat(Sizes.parse("3 mib")).isEqualTo(3L * 1024 * 1024);
        assertThat(Sizes.parse(" 2gb ")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(Sizes.parse("0")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "1.5MB", "10XB", "MB", "1K", "1PB"})
    void parse_rejectsMalformedTextNamingValueAndForms(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid size '" + text + "': expected a whole number with an optional unit "
                        + "B, KB, MB, GB or TB (e.g. 100B, 512KB, 64MB, 1GB)");
    }

    @Test
    void parse_rejectsOverflow() {
        assertThatThrownBy(() -> Sizes.parse("9999999TB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid size '9999999TB': value is too large");
    }

    @Test
    void format_usesLargestExactUnit() {
        assertThat(Sizes.format(0)).isEqualTo("0B");
        assertThat(Sizes.format(1536)).isEqualTo("1536B");
        assertThat(Sizes.format(1024)).isEqualTo("1KB");
        assertThat(Sizes.format(64L * 1024 * 1024)).isEqualTo("64MB");
        assertThat(Sizes.format(1024L * 1024 * 1024)).isEqualTo("1GB");
        assertThat(Sizes.format(1024L * 1024 * 1024 * 1024 * 1024)).isEqualTo("1024TB");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0B", "1B", "1023B", "1KB", "1025KB", "128MB", "3GB", "2TB"})
    void format_roundTripsThroughParse(String text) {
        assertThat(Sizes.format(Sizes.parse(text))).isEqualTo(text);
    }
}
