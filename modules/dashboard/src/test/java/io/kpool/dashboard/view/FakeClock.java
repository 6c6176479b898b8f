package io.kpool.dashboard.view;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told. */
final class FakeClock implements InstantSource {

    private Instant now;

    FakeClock(long epochMillis) {
        this.now = Instant.ofEpochMilli(epochMillis);
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
