package io.kpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsTheFormsPeopleWrite() {
        assertThat(Durations.parse("--x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("--x", "3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.parse("--x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("--x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("--x", "PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void namesTheSettingAndTheValueItCannotRead() {
        assertThatThrownBy(() -> Durations.parse("--heartbeat-timeout", "soon"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--heartbeat-timeout needs a duration such as 500ms, 3s or 2m, but was 'soon'");
    }

    @Test
    void writesTheShortestExactForm() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
    }
}
