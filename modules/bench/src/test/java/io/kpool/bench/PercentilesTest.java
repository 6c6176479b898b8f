package io.kpool.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void percentilesOfOneToAThousandMilliseconds() {
        Histogram histogram = Percentiles.histogram();
        for (int ms = 1; ms <= 1000; ms++) {
            Percentiles.record(histogram, TimeUnit.MILLISECONDS.toNanos(ms));
        }
        Percentiles p = Percentiles.of(histogram);
        assertThat(p.count()).isEqualTo(1000);
        // 3 significant digits: within 0.1 %
        assertThat(p.p50()).isCloseTo(500, within(0.6));
        assertThat(p.p99()).isCloseTo(990, within(1.1));
        assertThat(p.p999()).isCloseTo(999, within(1.1));
        assertThat(p.max()).isCloseTo(1000, within(1.1));
    }

    @Test
    void noSamplesGiveNaNAndOutOfRangeValuesAreClamped() {
        assertThat(Percentiles.of(new long[0]).count()).isZero();
        assertThat(Percentiles.of(new long[0]).p99()).isNaN();
        Percentiles p = Percentiles.of(new long[] {-5, 500, TimeUnit.HOURS.toNanos(2)});
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.p50()).isEqualTo(0.0);
        assertThat(p.max()).isCloseTo(3_600_000, within(3_600.0));
    }
}
