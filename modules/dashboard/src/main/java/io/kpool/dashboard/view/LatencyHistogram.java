package io.kpool.dashboard.view;

import java.util.Arrays;

/**
 * Latencies in milliseconds, counted in buckets that are exact up to 15 ms and then 8 to every
 * power of two, so a quantile is within about 6% of the true value whatever the scale. Fixed size
 * (312 counters), mergeable, owned by one thread.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 3;
    private static final int SUB = 1 << SUB_BITS;
    /** The largest latency told apart from larger ones: about 35 years. */
    static final long LARGEST = (1L << 40) - 1;
    private static final int BUCKETS = index(LARGEST) + 1;

    private final int[] counts = new int[BUCKETS];
    private long count;
    private long min = Long.MAX_VALUE;
    private long max;

    /** Counts one latency; a negative one (clocks a little apart) counts as 0. */
    void record(long millis) {
        long v = Math.min(Math.max(0, millis), LARGEST);
        counts[index(v)]++;
        count++;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    /** Adds everything {@code other} counted. */
    void addAll(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    void clear() {
        Arrays.fill(counts, 0);
        count = 0;
        min = Long.MAX_VALUE;
        max = 0;
    }

    long count() {
        return count;
    }

    /** The largest latency counted (exact), or 0 when none was. */
    long max() {
        return max;
    }

    /**
     * The latency that {@code q} of those counted are at or under, e.g. {@code quantile(0.99)}: the
     * middle of its bucket, never below the smallest latency counted nor above the largest (so a
     * second of equal latencies answers that latency).
     *
     * @throws IllegalStateException when nothing was counted
     */
    long quantile(double q) {
        if (count == 0) {
            throw new IllegalStateException("no latency counted");
        }
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, but was " + q);
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long lower = lowest(i);
                long upper = lowest(i + 1) - 1;
                return Math.max(min, Math.min(max, lower + (upper - lower) / 2));
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int shift = exponent - SUB_BITS;
        return shift * SUB + (int) (v >> shift);
    }

    /** The smallest latency of bucket {@code index}. */
    static long lowest(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long mantissa = index % SUB + SUB;
        return mantissa << shift;
    }
}
