package io.kpool.core.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * OTP's restart intensity: at most {@code maxRestarts} restarts within {@code within}; one more is
 * over the limit. Owned by one thread.
 */
final class RestartIntensity {

    private final int maxRestarts;
    private final Duration within;
    private final Deque<Instant> restarts = new ArrayDeque<>();

    RestartIntensity(int maxRestarts, Duration within) {
        this.maxRestarts = maxRestarts;
        this.within = within;
    }

    /** Counts a restart at {@code now}; answers whether it stays within the limit. */
    boolean allow(Instant now) {
        restarts.addLast(now);
        forgetBefore(now);
        return restarts.size() <= maxRestarts;
    }

    /** Restarts counted within the window ending at {@code now}. */
    int recent(Instant now) {
        forgetBefore(now);
        return restarts.size();
    }

    private void forgetBefore(Instant now) {
        Instant horizon = now.minus(within);
        while (!restarts.isEmpty() && !restarts.peekFirst().isAfter(horizon)) {
            restarts.removeFirst();
        }
    }
}
