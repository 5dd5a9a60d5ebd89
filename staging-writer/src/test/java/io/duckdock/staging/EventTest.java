package io.duckdock.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {

    private static Event.Builder valid() {
        return Event.builder().conversationId("conv-1").eventType("message").timestampMicros(1_700_000_000_123_456L);
    }

    @Test
    void build_keepsEveryField() {
        UUID id = UUID.fromString("0190f3c4-8d2a-7b3c-9d4e-5f6a7b8c9d0e");
        Event event = valid().eventId(id)
                .experimentId("exp-7")
                .eventData("{\"a\":[1,2]}")
                .build();

        assertThat(event.eventId()).isEqualTo(id);
        assertThat(event.conversationId()).isEqualTo("conv-1");
        assertThat(event.experimentId()).contains("exp-7");
        assertThat(event.eventType()).isEqualTo("message");
        assertThat(event.timestampMicros()).isEqualTo(1_700_000_000_123_456L);
        assertThat(event.eventData()).contains("{\"a\":[1,2]}");
    }

    @Test
    void build_leavesOptionalFieldsEmpty() {
        Event event = valid().build();

        assertThat(event.experimentId()).isEmpty();
        assertThat(event.eventData()).isEmpty();
    }

    @Test
    void build_generatesUuidV7EventIdWhenOmitted() {
        Event first = valid().build();
        Event second = valid().build();

        assertThat(first.eventId().version()).isEqualTo(7);
        assertThat(second.eventId()).isNotEqualTo(first.eventId());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\u00a0", "\u2003 \u3000"})
    void build_refusesEventWithoutConversationId(String conversationId) {
        assertThatThrownBy(() -> valid().conversationId(conversationId).build())
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("conversation_id"))
                .hasMessage("Event field 'conversation_id' is required and must not be empty");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "\t", "\u00a0\u00a0"})
    void build_refusesEventWithoutEventType(String eventType) {
        assertThatThrownBy(() -> valid().eventType(eventType).build())
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("event_type"))
                .hasMessage("Event field 'event_type' is required and must not be empty");
    }

    @Test
    void build_refusesEventWithoutTimestamp() {
        assertThatThrownBy(
                        () -> Event.builder().conversationId("c").eventType("t").build())
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("timestamp"))
                .hasMessage("Event field 'timestamp' is required");
    }

    @Test
    void build_refusesNullInstantTimestamp() {
        assertThatThrownBy(() -> valid().timestamp(null).build()).hasMessage("Event field 'timestamp' is required");
    }

    @Test
    void build_refusesTimestampBeyondMicrosecondRange() {
        assertThatThrownBy(() -> valid().timestamp(Instant.MAX).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("Event field 'timestamp' is out of range");
    }

    @Test
    void timestamp_isTruncatedToMicrosecondsSinceEpoch() {
        assertThat(valid().timestamp(Instant.ofEpochSecond(1_700_000_000L, 123_456_789))
                        .build()
                        .timestampMicros())
                .isEqualTo(1_700_000_000_123_456L);
        assertThat(valid().timestamp(Instant.ofEpochSecond(-1, 500_000_000))
                        .build()
                        .timestampMicros())
                .isEqualTo(-500_000L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "{",
                "{\"a\":1",
                "{\"a\":1} x",
                "{} {}",
                "{}}",
                "nul",
                "{'a':1}",
                "[1,]",
                "\"unterminated",
                "{\"a\":\"\\q\"}"
            })
    void build_refusesEventDataThatIsNotOneJsonValue(String json) {
        assertThatThrownBy(() -> valid().eventData(json).build())
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("event_data"))
                .hasMessageStartingWith("Event field 'event_data' must be valid JSON: ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                "1",
                "-2.5e3",
                "\"text\"",
                "null",
                "true",
                " {\"a\":{\"b\":[null,true,\"\\u00e9\"]}} \n"
            })
    void build_acceptsAnyJsonValue(String json) {
        assertThat(valid().eventData(json).build().eventData()).contains(json);
    }

    @Test
    void build_namesTheFirstInvalidFieldAfterAnEarlierFailure() {
        Event.Builder builder = valid().eventData("{oops");
        assertThatThrownBy(builder::build).hasMessageContaining("event_data");

        assertThat(builder.eventData("{\"ok\":true}").build().eventData()).contains("{\"ok\":true}");
    }
}
