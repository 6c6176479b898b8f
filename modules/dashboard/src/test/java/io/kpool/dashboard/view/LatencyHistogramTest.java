package io.kpool.dashboard.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void smallLatenciesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (long ms = 0; ms < 16; ms++) {
            h.record(ms);
        }

        assertThat(h.quantile(0.5)).isEqualTo(7);
        assertThat(h.quantile(1.0)).isEqualTo(15);
        assertThat(h.max()).isEqualTo(15);
        assertThat(h.count()).isEqualTo(16);
    }

    @Test
    void quantilesAreWithinSevenPercentAtAnyScale() {
        for (long base : new long[] {20, 333, 4_000, 75_000, 3_600_000}) {
            LatencyHistogram h = new LatencyHistogram();
            for (int i = 1; i <= 1000; i++) {
                h.record(base * i / 100);
            }

            assertThat((double) h.quantile(0.5)).as("p50 of 1..10 x %d", base).isCloseTo(base * 5, within(base * 5 * 0.07));
            assertThat((double) h.quantile(0.99)).as("p99 of 1..10 x %d", base).isCloseTo(base * 9.9, within(base * 9.9 * 0.07));
            assertThat(h.max()).isEqualTo(base * 10);
        }
    }

    @Test
    void everyBucketStartsWhereTheOneBeforeEnds() {
        for (long v = 0; v < 100_000; v++) {
            int i = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.lowest(i)).isLessThanOrEqualTo(v);
            assertThat(LatencyHistogram.lowest(i + 1)).isGreaterThan(v);
        }
    }

    @Test
    void aNegativeLatencyCountsAsNoneAndAHugeOneAsTheLargest() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        h.record(Long.MAX_VALUE);

        assertThat(h.quantile(0.5)).isZero();
        assertThat(h.max()).isEqualTo(LatencyHistogram.LARGEST);
    }

    @Test
    void histogramsAddUp() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(1);
        b.record(3);
        b.record(5);

        a.addAll(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.quantile(0.5)).isEqualTo(3);
        assertThat(a.max()).isEqualTo(5);
    }

    @Test
    void anEmptyHistogramHasNoQuantile() {
        assertThatThrownBy(() -> new LatencyHistogram().quantile(0.5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("no latency counted");
    }
}
