package io.kpool.core.supervision;

import io.kpool.core.config.Require;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before restarting a slot that keeps crashing. The first crash after a stable run
 * restarts at once; each further crash in a row doubles the wait from {@code min} up to {@code max},
 * with up to {@code jitter} (a fraction) added at random so that slots crashing together do not
 * restart together. A worker that ran for {@code resetAfter}, or finished a task before it ended,
 * is not in a crash loop: its next crash restarts at once again.
 *
 * @param min        the wait before the second restart in a row
 * @param max        the longest wait
 * @param resetAfter how long a worker must run for its crash streak to be forgotten
 * @param jitter     the largest random fraction added to a wait, 0 to 1
 */
public record Backoff(Duration min, Duration max, Duration resetAfter, double jitter) {

    public Backoff {
        Require.notNegative("backoff.min", min);
        Require.notNegative("backoff.max", max);
        Require.positive("backoff.resetAfter", resetAfter);
        if (max.compareTo(min) < 0) {
            throw new io.kpool.core.config.ConfigException("backoff",
                    "needs MIN,MAX with MIN <= MAX, but was " + min.toMillis() + "ms," + max.toMillis() + "ms");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, but was " + jitter);
        }
    }

    /** 100 ms doubling to 10 s, 20% jitter, forgotten after 10 s of stable running. */
    public static Backoff ofDefaults() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10), 0.2);
    }

    /** The same backoff with another range. */
    public Backoff withRange(Duration newMin, Duration newMax) {
        return new Backoff(newMin, newMax, resetAfter, jitter);
    }

    /**
     * The wait before the restart that follows the {@code crashesInARow}-th crash in a row.
     *
     * @param random a source of numbers in [0, 1)
     */
    public Duration delay(int crashesInARow, DoubleSupplier random) {
        if (crashesInARow <= 1) {
            return Duration.ZERO;
        }
        long base = min.toMillis();
        long capped = max.toMillis();
        long wait = base;
        for (int i = 2; i < crashesInARow && wait < capped; i++) {
            wait *= 2;
        }
        wait = Math.min(wait, capped);
        long withJitter = wait + (long) (wait * jitter * random.getAsDouble());
        return Duration.ofMillis(Math.min(withJitter, capped + (long) (capped * jitter)));
    }
}
