package io.kpool.worker;

import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a worker stands on its task partition when it finishes tasks out of order: the tasks taken
 * from the consumer and not done yet (queued or running), and the done ones above the lowest of
 * those. Its {@link #next()} and {@link #doneAhead()} are what a commit records in the slot's
 * {@link io.kpool.protocol.Position}; a new incarnation starts at {@code next} and skips the done
 * ones ({@link #skips}). Offsets count transaction markers too, so with nothing taken the next
 * task is wherever the consumer's position is. Used by the worker's thread only.
 */
final class Progress {

    private final NavigableSet<Long> undone = new TreeSet<>();
    private final NavigableSet<Long> doneAhead = new TreeSet<>();
    private final Set<Long> skip;
    private long fetchedUpTo;

    /**
     * @param start the offset the worker starts at
     * @param skip  offsets above {@code start} that a predecessor committed as done
     */
    Progress(long start, Collection<Long> skip) {
        this.fetchedUpTo = start;
        this.skip = new TreeSet<>(skip);
        this.doneAhead.addAll(this.skip);
    }

    /**
     * A task came from the consumer, and the consumer now stands at {@code consumerPosition}.
     *
     * @return false when the task is done already (a predecessor committed it): skip it
     */
    boolean fetched(long offset, long consumerPosition) {
        fetchedUpTo = Math.max(fetchedUpTo, consumerPosition);
        if (skip.remove(offset)) {
            return false;
        }
        undone.add(offset);
        return true;
    }

    /** A poll brought nothing: the consumer stands at {@code consumerPosition}. */
    void caughtUp(long consumerPosition) {
        fetchedUpTo = Math.max(fetchedUpTo, consumerPosition);
    }

    /** The task at {@code offset} is done (its result, or its dead letter, is in the transaction). */
    void done(long offset) {
        undone.remove(offset);
        doneAhead.add(offset);
        doneAhead.headSet(next()).clear();
    }

    /** The offset of the lowest task not done: where a new incarnation would start. */
    long next() {
        return undone.isEmpty() ? fetchedUpTo : undone.first();
    }

    /** Tasks above {@link #next()} that are done. */
    List<Long> doneAhead() {
        return List.copyOf(doneAhead.tailSet(next(), false));
    }

    /** How far the consumer has read. */
    long fetchedUpTo() {
        return fetchedUpTo;
    }
}
