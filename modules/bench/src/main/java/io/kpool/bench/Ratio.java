package io.kpool.bench;

/**
 * A kpool figure divided by its plain-pool peer's from the same run.
 *
 * @param id         which figure: {@code throughput}, {@code failover.cold}, {@code failover.spare},
 *                   {@code <scenario>.p99}, {@code <scenario>.done}
 * @param what       the two figures compared, in words
 * @param kpool      kpool's figure
 * @param peer       the plain pool's figure (for {@code atMost}: the deadline it did not finish by)
 * @param unit       their unit ({@code jobs/s}, {@code ms})
 * @param ratio      {@code kpool / peer}
 * @param atMost     true when the plain pool did not finish by the deadline: the ratio is an upper bound
 * @param lowerIsBetter whether a ratio below 1 is kpool doing better (times), or above 1 (throughput)
 */
public record Ratio(String id, String what, double kpool, double peer, String unit, double ratio, boolean atMost,
                    boolean lowerIsBetter) {

    static Ratio of(String id, String what, double kpool, double peer, String unit, boolean atMost,
                    boolean lowerIsBetter) {
        double ratio = peer > 0 ? Math.round(kpool / peer * 1000) / 1000.0 : Double.NaN;
        return new Ratio(id, what, kpool, peer, unit, ratio, atMost, lowerIsBetter);
    }
}
