package io.kpool.observe;

import java.time.Duration;
import java.time.InstantSource;

/**
 * The beat of a role's main loop, for {@code /healthz}: the loop calls {@link #beat()} each time
 * round; the probe fails once no beat came within the allowed silence (a loop stuck in a call that
 * never returns, a deadlock).
 */
public final class LoopPulse implements Probe {

    private final Duration silence;
    private final InstantSource clock;
    private volatile long lastBeat;

    /**
     * @param silence how long the loop may go without a beat and still pass
     * @param clock   the time
     */
    public LoopPulse(Duration silence, InstantSource clock) {
        if (silence == null || silence.isNegative() || silence.isZero()) {
            throw new IllegalArgumentException("silence must be positive, but was " + silence);
        }
        this.silence = silence;
        this.clock = clock;
    }

    public LoopPulse(Duration silence) {
        this(silence, InstantSource.system());
    }

    /** The loop went round. Cheap: one volatile write. */
    public void beat() {
        lastBeat = clock.millis();
    }

    @Override
    public Answer check() {
        long last = lastBeat;
        if (last == 0) {
            return Answer.failing("the main loop has not started");
        }
        long ago = clock.millis() - last;
        return ago <= silence.toMillis()
                ? Answer.ok("the main loop went round " + ago + " ms ago")
                : Answer.failing("the main loop has not gone round for " + ago + " ms (allowed: " + silence.toMillis() + " ms)");
    }
}
