package io.kpool.core.cancel;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The jobs cancelled lately, each named by its id and the time of its record on the jobs topic
 * ({@code submittedAt}): a later job of the same id, or a replay of a cancelled job, is another
 * job and is not cancelled. Orders older than {@code keep} are forgotten ({@link #expire}), as the
 * cancels topic forgets them. Owned by one thread, or guarded by its owner.
 */
public final class CancelledJobs {

    private record Order(String jobId, long submittedAt) {
    }

    private final Duration keep;
    /** Each order and when it was given, oldest first. */
    private final LinkedHashMap<Order, Instant> orders = new LinkedHashMap<>();
    private final Map<String, Set<Long>> byId = new HashMap<>();

    /**
     * @param keep how long an order is remembered after it was given
     */
    public CancelledJobs(Duration keep) {
        Objects.requireNonNull(keep, "keep cannot be null");
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("keep must be positive, but was " + keep);
        }
        this.keep = keep;
    }

    /**
     * Notes that the job of {@code jobId} submitted at {@code submittedAt} is cancelled, by an order given {@code at}.
     *
     * @return whether it is news (not noted before)
     */
    public boolean cancel(String jobId, long submittedAt, Instant at) {
        Objects.requireNonNull(jobId, "jobId cannot be null");
        Order order = new Order(jobId, submittedAt);
        if (orders.containsKey(order)) {
            return false;
        }
        orders.put(order, at);
        byId.computeIfAbsent(jobId, id -> new HashSet<>()).add(submittedAt);
        return true;
    }

    /** Whether the job of {@code jobId} submitted at {@code submittedAt} is cancelled. */
    public boolean cancelled(String jobId, long submittedAt) {
        Set<Long> times = byId.get(jobId);
        return times != null && times.contains(submittedAt);
    }

    /** Whether some job of {@code jobId} is cancelled, whenever it was submitted. */
    public boolean anyCancelled(String jobId) {
        return byId.containsKey(jobId);
    }

    /** Forgets the orders given before {@code now - keep}. */
    public void expire(Instant now) {
        Instant horizon = now.minus(keep);
        Iterator<Map.Entry<Order, Instant>> oldest = orders.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<Order, Instant> entry = oldest.next();
            if (!entry.getValue().isBefore(horizon)) {
                break;
            }
            oldest.remove();
            Set<Long> times = byId.get(entry.getKey().jobId());
            times.remove(entry.getKey().submittedAt());
            if (times.isEmpty()) {
                byId.remove(entry.getKey().jobId());
            }
        }
    }

    /** How many orders are remembered. */
    public int size() {
        return orders.size();
    }
}
