package io.kpool.dashboard.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Results counted by the second they were completed in, with their latencies, over a window that
 * moves with the clock. A result may arrive a little after its second (workers commit in batches,
 * and the reader polls): it still counts in its own second. Owned by one thread.
 */
final class SecondSeries {

    /** Seconds a result may be stamped ahead of this clock (another host's) and still count. */
    private static final int AHEAD = 5;

    private final int points;
    private final long[] secondOf;
    private final long[] counts;
    private final LatencyHistogram[] latencies;
    /** Each second's p50 and p99, worked out once per change rather than at every look. */
    private final long[] p50;
    private final long[] p99;
    private final boolean[] stale;

    /** @param points the seconds the window holds */
    SecondSeries(int points) {
        this.points = points;
        int ring = points + AHEAD + 1;
        this.secondOf = new long[ring];
        this.counts = new long[ring];
        this.latencies = new LatencyHistogram[ring];
        this.p50 = new long[ring];
        this.p99 = new long[ring];
        this.stale = new boolean[ring];
        Arrays.fill(secondOf, Long.MIN_VALUE);
    }

    /**
     * Counts a result completed at {@code completedAtMs} that took {@code latencyMs}; one older than the
     * window, or stamped too far ahead of {@code nowMs}, is not counted.
     */
    void add(long completedAtMs, long latencyMs, long nowMs) {
        long second = Math.floorDiv(completedAtMs, 1000);
        long now = Math.floorDiv(nowMs, 1000);
        if (second <= now - points || second > now + AHEAD) {
            return;
        }
        int i = (int) Math.floorMod(second, (long) secondOf.length);
        if (secondOf[i] != second) {
            secondOf[i] = second;
            counts[i] = 0;
            if (latencies[i] != null) {
                latencies[i].clear();
            }
        }
        counts[i]++;
        if (latencies[i] == null) {
            latencies[i] = new LatencyHistogram();
        }
        latencies[i].record(latencyMs);
        stale[i] = true;
    }

    /**
     * The whole seconds before {@code nowMs}'s, oldest first: {@code points} of them, the last being
     * the second just ended.
     */
    Series window(long nowMs) {
        long last = Math.floorDiv(nowMs, 1000) - 1;
        List<Long> results = new ArrayList<>(points);
        List<Long> p50 = new ArrayList<>(points);
        List<Long> p99 = new ArrayList<>(points);
        List<Long> max = new ArrayList<>(points);
        for (long second = last - points + 1; second <= last; second++) {
            int i = (int) Math.floorMod(second, (long) secondOf.length);
            if (secondOf[i] == second && counts[i] > 0) {
                if (stale[i]) {
                    this.p50[i] = latencies[i].quantile(0.50);
                    this.p99[i] = latencies[i].quantile(0.99);
                    stale[i] = false;
                }
                results.add(counts[i]);
                p50.add(this.p50[i]);
                p99.add(this.p99[i]);
                max.add(latencies[i].max());
            } else {
                results.add(0L);
                p50.add(null);
                p99.add(null);
                max.add(null);
            }
        }
        return new Series(last, results, p50, p99, max);
    }

    /** Results and their latencies over the {@code seconds} whole seconds before {@code nowMs}'s. */
    Recent recent(long nowMs, int seconds) {
        long last = Math.floorDiv(nowMs, 1000) - 1;
        LatencyHistogram merged = new LatencyHistogram();
        long count = 0;
        for (long second = last - seconds + 1; second <= last; second++) {
            int i = (int) Math.floorMod(second, (long) secondOf.length);
            if (secondOf[i] == second && counts[i] > 0) {
                count += counts[i];
                merged.addAll(latencies[i]);
            }
        }
        return new Recent(count / (double) seconds, count == 0 ? null : merged.quantile(0.50),
                count == 0 ? null : merged.quantile(0.99));
    }

    /** The rate and latency of the last few seconds. */
    record Recent(double perSecond, Long p50, Long p99) {
    }
}
