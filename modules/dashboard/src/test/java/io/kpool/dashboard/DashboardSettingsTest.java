package io.kpool.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.core.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

    @Test
    void theDefaultsKeep200EventsAnd50DeadLettersAndChartFiveMinutes() {
        DashboardSettings settings = DashboardSettings.ofDefaults();

        assertThat(settings.events()).isEqualTo(200);
        assertThat(settings.deadLetters()).isEqualTo(50);
        assertThat(settings.points()).isEqualTo(300);
        assertThat(settings.refresh()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSettingOutOfBoundsIsNamedWithItsValue() {
        assertThatThrownBy(() -> DashboardSettings.ofDefaults().withWindow(Duration.ofHours(2)))
                .isInstanceOf(ConfigException.class).hasMessage("window must be between 10s and 1h, but was 2h");
        assertThatThrownBy(() -> DashboardSettings.ofDefaults().withKept(0, 5))
                .isInstanceOf(ConfigException.class).hasMessage("events must be between 1 and 10000, but was 0");
        assertThatThrownBy(() -> DashboardSettings.ofDefaults().withRefresh(Duration.ZERO))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("refresh must be a positive duration");
    }
}
