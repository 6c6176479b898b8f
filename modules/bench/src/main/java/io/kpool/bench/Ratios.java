package io.kpool.bench;

import io.kpool.bench.peer.PeerResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The ratio of each kpool figure that has a plain-pool peer in the same run to that peer. */
final class Ratios {

    private Ratios() {
    }

    static List<Ratio> of(List<BenchReport.Throughput> kpool, PeerResult peer, BenchReport.FailoverFigures failover,
                          List<ScenarioResult> scenarios) {
        List<Ratio> ratios = new ArrayList<>();
        if (peer != null && peer.jobsPerSecond() > 0 && !kpool.isEmpty()) {
            BenchReport.Throughput mine = kpool.stream().filter(t -> t.workers() == peer.members()).findFirst()
                    .orElse(kpool.stream().max(Comparator.comparingInt(BenchReport.Throughput::workers)).orElseThrow());
            ratios.add(Ratio.of("throughput", "throughput, kpool with " + mine.workers() + " workers ÷ the plain pool with "
                    + peer.members() + " members", mine.jobsPerSecond(), peer.jobsPerSecond(), "jobs/s", false));
        }
        if (peer != null && failover != null) {
            if (failover.cold() != null && failover.cold().firstResultMs() >= 0 && peer.failoverDefaultMs() != null) {
                ratios.add(Ratio.of("failover.cold", "failover, kpool cold (kill to first result) ÷ the plain pool with "
                        + "default settings (kill to every partition flowing)", failover.cold().firstResultMs(),
                        peer.failoverDefaultMs(), "ms", true));
            }
            if (failover.withSpare() != null && failover.withSpare().firstResultMs() >= 0
                    && peer.failoverStaticMs() != null) {
                ratios.add(Ratio.of("failover.spare", "failover, kpool with a spare ÷ the plain pool with static "
                        + "membership, member restarted", failover.withSpare().firstResultMs(), peer.failoverStaticMs(),
                        "ms", true));
            }
        }
        for (ScenarioResult s : scenarios) {
            ratio(s).ifPresent(ratios::add);
        }
        return ratios;
    }

    private static java.util.Optional<Ratio> ratio(ScenarioResult s) {
        ScenarioResult.Side kpool = s.kpool();
        ScenarioResult.Side plain = s.plain();
        if (!kpool.ready() || !plain.ready()) {
            return java.util.Optional.empty();
        }
        switch (s.compare()) {
            case LATENCY_P99 -> {
                String what = s.name() + ": p99 submit-to-result latency, kpool ÷ the plain pool";
                if (kpool.latency().count() == 0 || plain.latency().count() == 0) {
                    return java.util.Optional.of(new Ratio(s.name() + ".p99", what, null, null, "ms", null, Ratio.NONE,
                            true));
                }
                return java.util.Optional.of(Ratio.of(s.name() + ".p99", what, kpool.latency().p99(),
                        plain.latency().p99(), "ms", true));
            }
            case DONE -> {
                return java.util.Optional.of(Ratio.ofTimes(s.name() + ".done", s.name() + ": time until every good job "
                        + "has its result, kpool ÷ the plain pool", kpool.doneMs(), plain.doneMs(), s.deadlineMs()));
            }
            default -> {
                return java.util.Optional.empty();
            }
        }
    }
}
