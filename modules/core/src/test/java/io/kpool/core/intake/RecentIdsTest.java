package io.kpool.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final RecentIds ids = new RecentIds(Duration.ofMinutes(10), 3);

    private RecentIds.Seen at(long seconds, long offset) {
        return new RecentIds.Seen(t0.plusSeconds(seconds), 0, offset);
    }

    @Test
    void turnsAwayAnIdAcceptedWithinTheWindow() {
        assertThat(ids.accept("j1", at(0, 1))).isEmpty();
        ids.commit();

        assertThat(ids.accept("j1", at(60, 9))).contains(at(0, 1));
    }

    @Test
    void acceptsAnIdAgainAfterTheWindow() {
        ids.accept("j1", at(0, 1));
        ids.commit();

        assertThat(ids.accept("j1", at(601, 9))).isEmpty();
    }

    @Test
    void turnsAwayADuplicateInTheSameBatch() {
        ids.accept("j1", at(0, 1));

        assertThat(ids.accept("j1", at(0, 2))).isPresent();
    }

    @Test
    void forgetsTheIdsOfARolledBackBatch() {
        ids.accept("j1", at(0, 1));
        ids.discard();

        assertThat(ids.accept("j1", at(1, 1))).as("the same record, read again").isEmpty();
    }

    @Test
    void keepsAtMostItsCapacityAndForgetsTheOldestFirst() {
        for (int i = 0; i < 5; i++) {
            ids.accept("j" + i, at(i, i));
        }
        ids.commit();

        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.accept("j0", at(10, 10))).isEmpty();
        assertThat(ids.accept("j4", at(10, 11))).isPresent();
    }

    @Test
    void expiresIdsOlderThanTheWindow() {
        ids.remember("old", at(0, 0));
        ids.remember("new", at(500, 1));

        ids.expire(t0.plusSeconds(700));

        assertThat(ids.size()).isEqualTo(1);
    }
}
