package io.kpool.client;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls until something holds or the time is up: how kpool's commands wait for what they read
 * (answers to cancels, the slots' states, the outcomes of submitted jobs). The condition is asked
 * before each poll, so a poll is never made once it holds.
 */
public final class PollUntil {

    private PollUntil() {
    }

    /**
     * @param done    what is waited for
     * @param timeout how long to poll for at most
     * @param poll    one poll: it should block for a short while (a Kafka poll's timeout) when
     *                nothing comes
     * @return whether {@code done} held before the time was up
     */
    public static boolean holds(BooleanSupplier done, Duration timeout, Runnable poll) {
        return holdsBy(done, System.nanoTime() + timeout.toNanos(), poll);
    }

    /** As {@link #holds}, up to a deadline in {@link System#nanoTime()}'s terms. */
    public static boolean holdsBy(BooleanSupplier done, long deadlineNanos, Runnable poll) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            poll.run();
        }
        return true;
    }
}
