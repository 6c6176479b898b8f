package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.core.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Policies check their settings by their own names; the command line says them as flags. */
class RestartPolicyTest {

    @Test
    void aNegativeIntensityIsRefusedUnderThePolicysOwnKey() {
        assertThatThrownBy(() -> RestartPolicy.ofDefaults().withIntensity(-1, Duration.ofSeconds(5)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("maxRestarts must be between 0 and 1000000, but was -1")
                .extracting(e -> ((ConfigException) e).rule()).isEqualTo("must be between 0 and 1000000, but was -1");
    }

    @Test
    void anEmptyWindowIsRefusedUnderThePolicysOwnKey() {
        assertThatThrownBy(() -> RestartPolicy.ofDefaults().withIntensity(3, Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("within");
    }

    @Test
    void aSupervisorPolicysHistoryIsRefusedUnderItsOwnKey() {
        assertThatThrownBy(() -> SupervisorPolicy.ofDefaults().withHistorySize(0))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("historySize");
    }
}
