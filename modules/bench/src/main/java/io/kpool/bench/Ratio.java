package io.kpool.bench;

/**
 * A kpool figure divided by its plain-pool peer's from the same run.
 *
 * @param id            which figure: {@code throughput}, {@code failover.cold}, {@code failover.spare},
 *                      {@code <scenario>.p99}, {@code <scenario>.done}
 * @param what          the two figures compared, in words
 * @param kpool         kpool's figure, or null when kpool did not reach it (by the deadline)
 * @param peer          the plain pool's figure, or null when it did not reach it
 * @param unit          their unit ({@code jobs/s}, {@code ms})
 * @param ratio         {@code kpool / peer}; when one side did not finish by the deadline, the deadline stands
 *                      in for its time and {@code bound} says so; null when neither did
 * @param bound         {@code =} an exact ratio; {@code <=} at most (the plain pool did not finish by the
 *                      deadline); {@code >=} at least (kpool did not); {@code none} (neither finished)
 * @param lowerIsBetter whether a ratio below 1 is kpool doing better (times), or above 1 (throughput)
 */
public record Ratio(String id, String what, Double kpool, Double peer, String unit, Double ratio, String bound,
                    boolean lowerIsBetter) {

    static final String EXACT = "=";
    static final String AT_MOST = "<=";
    static final String AT_LEAST = ">=";
    static final String NONE = "none";

    /** An exact ratio of two figures. */
    static Ratio of(String id, String what, double kpool, double peer, String unit, boolean lowerIsBetter) {
        return new Ratio(id, what, kpool, peer, unit, divide(kpool, peer), EXACT, lowerIsBetter);
    }

    /**
     * A ratio of two times, either of which may be missing (not done by {@code deadline}): the deadline
     * stands in for a missing one and {@link #bound} says which way the true ratio lies.
     */
    static Ratio ofTimes(String id, String what, Long kpool, Long peer, long deadline) {
        if (kpool == null && peer == null) {
            return new Ratio(id, what, null, null, "ms", null, NONE, true);
        }
        double k = kpool == null ? deadline : kpool;
        double p = peer == null ? deadline : peer;
        String bound = kpool == null ? AT_LEAST : peer == null ? AT_MOST : EXACT;
        return new Ratio(id, what, kpool == null ? null : k, peer == null ? null : p, "ms", divide(k, p), bound, true);
    }

    private static Double divide(double kpool, double peer) {
        return peer > 0 && !Double.isNaN(kpool) ? Math.round(kpool / peer * 1000) / 1000.0 : null;
    }
}
