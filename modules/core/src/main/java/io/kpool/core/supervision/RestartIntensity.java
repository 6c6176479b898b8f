package io.kpool.core.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * OTP's restart intensity: at most {@code maxRestarts} restarts within {@code within}; one more is
 * over the limit. As in OTP, restarts are stamped in whole seconds of the clock and a restart
 * stamped {@code S} counts while the current second is at most {@code S + within} (a window of
 * 1 s counts a restart in the same and the next second). Owned by one thread. Used by the
 * supervision core for workers, and by {@code kpool up} for the roles it runs.
 */
public final class RestartIntensity {

    private final int maxRestarts;
    private final long withinSeconds;
    private final Deque<Long> restarts = new ArrayDeque<>();

    /**
     * @param maxRestarts at most this many restarts...
     * @param within      ...within this window
     */
    public RestartIntensity(int maxRestarts, Duration within) {
        this.maxRestarts = maxRestarts;
        this.withinSeconds = (within.toMillis() + 999) / 1000;
    }

    public int maxRestarts() {
        return maxRestarts;
    }

    public long withinMillis() {
        return withinSeconds * 1000;
    }

    /** Counts a restart at {@code now}; answers whether it stays within the limit. */
    public boolean allow(Instant now) {
        restarts.addLast(now.getEpochSecond());
        forgetBefore(now);
        return restarts.size() <= maxRestarts;
    }

    /** Restarts counted within the window ending at {@code now}. */
    public int recent(Instant now) {
        forgetBefore(now);
        return restarts.size();
    }

    private void forgetBefore(Instant now) {
        long oldest = now.getEpochSecond() - withinSeconds;
        while (!restarts.isEmpty() && restarts.peekFirst() < oldest) {
            restarts.removeFirst();
        }
    }
}
