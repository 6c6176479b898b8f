package io.kpool.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Polling until something holds or the time is up. */
class PollUntilTest {

    private final AtomicInteger polls = new AtomicInteger();

    @Test
    void pollsUntilItHoldsAndNoMore() {
        assertThat(PollUntil.holds(() -> polls.get() == 3, Duration.ofMinutes(1), polls::incrementAndGet)).isTrue();
        assertThat(polls).hasValue(3);
    }

    @Test
    void whatHoldsAlreadyIsNotPolledFor() {
        assertThat(PollUntil.holds(() -> true, Duration.ofMinutes(1), polls::incrementAndGet)).isTrue();
        assertThat(polls).hasValue(0);
    }

    @Test
    void saysSoWhenTheTimeIsUp() {
        assertThat(PollUntil.holds(() -> false, Duration.ofMillis(20), polls::incrementAndGet)).isFalse();
        assertThat(polls.get()).isPositive();
    }

    @Test
    void aDeadlinePassedAlreadyPollsNothing() {
        assertThat(PollUntil.holdsBy(() -> false, System.nanoTime() - 1, polls::incrementAndGet)).isFalse();
        assertThat(polls).hasValue(0);
    }
}
