package io.kpool.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds, read from an HdrHistogram of nanoseconds.
 *
 * @param count how many samples
 * @param p50   the median
 * @param p99   the 99th percentile
 * @param p999  the 99.9th percentile
 * @param max   the largest
 */
public record Percentiles(int count, double p50, double p99, double p999, double max) {

    /** The smallest latency told apart from zero: 1 µs. */
    static final long LOWEST_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    /** The largest latency recorded as itself (larger ones are recorded as this): 1 h. */
    static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Values are kept to 3 significant digits (0.1 %). */
    static final int DIGITS = 3;

    /** An empty histogram of nanoseconds, 1 µs to 1 h at 3 significant digits, for {@link #record} and {@link #of(Histogram)}. */
    static Histogram histogram() {
        return new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    }

    /** Records {@code nanos} (negative as 0, beyond an hour as an hour). */
    static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(0, Math.min(HIGHEST_NANOS, nanos)));
    }

    /** From a histogram of nanoseconds. */
    static Percentiles of(Histogram nanos) {
        long count = nanos.getTotalCount();
        if (count == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles((int) Math.min(Integer.MAX_VALUE, count), ms(nanos.getValueAtPercentile(50)),
                ms(nanos.getValueAtPercentile(99)), ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()));
    }

    /** From samples in nanoseconds. */
    static Percentiles of(long[] nanos) {
        Histogram histogram = histogram();
        for (long n : nanos) {
            record(histogram, n);
        }
        return of(histogram);
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
