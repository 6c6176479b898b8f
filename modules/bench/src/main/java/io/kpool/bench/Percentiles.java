package io.kpool.bench;

import java.util.Arrays;

/**
 * Latency percentiles in milliseconds.
 *
 * @param count how many samples
 * @param p50   the median
 * @param p99   the 99th percentile
 * @param p999  the 99.9th percentile
 * @param max   the largest
 */
public record Percentiles(int count, double p50, double p99, double p999, double max) {

    /** From samples in nanoseconds. */
    static Percentiles of(long[] nanos) {
        if (nanos.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, ms(at(sorted, 0.50)), ms(at(sorted, 0.99)), ms(at(sorted, 0.999)),
                ms(sorted[sorted.length - 1]));
    }

    private static long at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
