package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.core.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), 0.0);

    @Test
    void restartsTheFirstCrashAtOnceAndDoublesAfterwardsUpToTheCap() {
        assertThat(backoff.delay(1, () -> 0.0)).isZero();
        assertThat(backoff.delay(2, () -> 0.0)).hasMillis(100);
        assertThat(backoff.delay(3, () -> 0.0)).hasMillis(200);
        assertThat(backoff.delay(5, () -> 0.0)).hasMillis(800);
        assertThat(backoff.delay(6, () -> 0.0)).hasMillis(1000);
        assertThat(backoff.delay(500, () -> 0.0)).hasMillis(1000);
    }

    @Test
    void addsJitterWithinItsFraction() {
        Backoff jittery = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), 0.5);

        assertThat(jittery.delay(2, () -> 0.999)).isBetween(Duration.ofMillis(100), Duration.ofMillis(150));
    }

    @Test
    void rejectsARangeUpsideDownNamingItsOwnKey() {
        assertThatThrownBy(() -> backoff.withRange(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("backoff needs MIN,MAX with MIN <= MAX, but was 2000ms,1000ms")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("backoff");
    }

    @Test
    void rejectsANegativeMinimumNamingItsOwnKey() {
        assertThatThrownBy(() -> backoff.withRange(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("backoff.min");
    }
}
