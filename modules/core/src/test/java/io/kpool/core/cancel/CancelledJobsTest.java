package io.kpool.core.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CancelledJobsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private final CancelledJobs cancelled = new CancelledJobs(Duration.ofHours(1));

    @Test
    void aCancelledJobIsNamedByItsIdAndTheTimeItWasSubmitted() {
        cancelled.cancel("j1", 100, T0);

        assertThat(cancelled.cancelled("j1", 100)).isTrue();
        assertThat(cancelled.cancelled("j1", 101)).as("a later job of that id, or a replay").isFalse();
        assertThat(cancelled.cancelled("j2", 100)).isFalse();
        assertThat(cancelled.anyCancelled("j1")).isTrue();
        assertThat(cancelled.anyCancelled("j2")).isFalse();
    }

    @Test
    void aSecondOrderForTheSameJobIsNoNews() {
        assertThat(cancelled.cancel("j1", 100, T0)).isTrue();
        assertThat(cancelled.cancel("j1", 100, T0.plusSeconds(1))).isFalse();
        assertThat(cancelled.size()).isEqualTo(1);
    }

    @Test
    void forgetsOrdersOlderThanItKeepsThem() {
        cancelled.cancel("old", 1, T0);
        cancelled.cancel("j1", 2, T0.plusSeconds(1800));
        cancelled.cancel("j1", 3, T0.plusSeconds(3000));

        cancelled.expire(T0.plusSeconds(3600 + 1800));

        assertThat(cancelled.cancelled("old", 1)).isFalse();
        assertThat(cancelled.anyCancelled("old")).isFalse();
        assertThat(cancelled.cancelled("j1", 2)).as("given exactly keep ago").isTrue();
        assertThat(cancelled.cancelled("j1", 3)).isTrue();
        assertThat(cancelled.size()).isEqualTo(2);

        cancelled.expire(T0.plusSeconds(3600 + 2999));
        assertThat(cancelled.cancelled("j1", 2)).isFalse();
        assertThat(cancelled.anyCancelled("j1")).isTrue();
    }

    @Test
    void refusesToKeepOrdersForNoTime() {
        assertThatThrownBy(() -> new CancelledJobs(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep must be positive, but was PT0S");
    }
}
