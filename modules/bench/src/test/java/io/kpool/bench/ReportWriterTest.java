package io.kpool.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.bench.peer.PeerResult;
import io.kpool.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    private static ScenarioResult.Side side(double p99, Long doneMs, int good, int letters, int restarts) {
        return new ScenarioResult.Side(true, good, letters, new Percentiles(good, p99 / 4, p99, p99 * 2, p99 * 3),
                doneMs, restarts);
    }

    private static BenchReport report() {
        List<BenchReport.Throughput> kpool = List.of(new BenchReport.Throughput(1, 1000, 500),
                new BenchReport.Throughput(4, 1000, 2000));
        PeerResult peer = new PeerResult(4, 1000, 4000, 60_000L, 3_000L);
        BenchReport.FailoverFigures failover = new BenchReport.FailoverFigures(new Failover.Figures(3, 20, 1200, 1300),
                new Failover.Figures(3, 10, 200, 300));
        List<ScenarioResult> scenarios = List.of(
                new ScenarioResult("skewed", "skewed: 99 % of jobs 1 ms", 4000, 4000, 4, 200, 60_000,
                        "--dispatch least-busy", "--handler sleep", Scenario.Compare.LATENCY_P99,
                        side(20, 25_000L, 4000, 0, 0), side(100, 25_000L, 4000, 0, 0)),
                new ScenarioResult("poison", "poison: 20,000 jobs", 20_000, 19_998, 4, 0, 60_000, "",
                        "--handler double", Scenario.Compare.DONE, side(900, 6_000L, 19_998, 2, 6),
                        side(5000, null, 15_000, 0, 40)));
        BenchReport.CeilingFigures ceiling = new BenchReport.CeilingFigures(100_000, 20_000,
                new BenchReport.CommitFigures(new Percentiles(300, 9.5, 21, 30, 40), new Percentiles(300, 2.5, 6, 8, 9),
                        new Percentiles(300, 3.25, 8, 10, 12)));
        return new BenchReport("test machine", "2026-12-06T00:00:00Z", true, ceiling, kpool, null, peer, failover, null,
                scenarios, Ratios.of(kpool, peer, failover, scenarios));
    }

    @Test
    void ratiosOfEveryKpoolFigureWithAPeer() {
        BenchReport r = report();
        assertThat(r.ratios()).extracting(Ratio::id)
                .containsExactly("throughput", "failover.cold", "failover.spare", "skewed.p99", "poison.done");
        assertThat(r.ratio("throughput").orElseThrow().ratio()).isEqualTo(0.5);
        assertThat(r.ratio("skewed.p99").orElseThrow().ratio()).isEqualTo(0.2);
        Ratio poison = r.ratio("poison.done").orElseThrow();
        assertThat(poison.bound()).isEqualTo(Ratio.AT_MOST);
        assertThat(poison.ratio()).isEqualTo(0.1);
    }

    @Test
    void theTableShowsTheScenariosAndTheRatios() throws Exception {
        String md = ReportWriter.write(report(), dir);
        assertThat(md).contains("| what | figure | kpool ÷ plain pool |")
                .contains("| kpool, 4 workers, exactly-once, 1,000 jobs | 2,000 jobs/s | 0.50 (higher is better) |")
                .contains("| kpool, 1 worker, exactly-once, 1,000 jobs | 500 jobs/s |  |")
                .contains("(--dispatch least-busy), submit → result | p50 5.0 ms, p99 20.0 ms, p99.9 40.0 ms (4,000 results) "
                        + "| 0.20 (lower is better) |")
                .contains("| … the plain pool, 4 members, restarted when they end | p50 25.0 ms, p99 100.0 ms")
                .contains("until every good job has its result | 6.0 s (2 dead letters, 6 restarts) | ≤ 0.10 (lower is better) |")
                .contains("| not done in 60.0 s, 15,000 of 19,998 good results (0 dead letters, 40 restarts) |")
                .contains("| Kafka: a transaction of 12 tasks from 4 jobs partitions, begin → committed, job offsets by "
                        + "sendOffsetsToTransaction (kpool's dispatcher) | p50 9.5 ms, p99 21.0 ms |")
                .contains("position records instead (nothing fences a zombie: the floor) | p50 2.5 ms, p99 6.0 ms |")
                .contains("fenced by its transactional id, committed at once | p50 3.3 ms, p99 8.0 ms |");
        JsonNode json = Json.tree(Files.readAllBytes(dir.resolve("bench.json")));
        assertThat(json.get("scenarios")).hasSize(2);
        assertThat(json.get("scenarios").get(1).get("plain").has("doneMs")).as("null: not done").isFalse();
        assertThat(json.get("scenarios").get(1).get("kpool").get("doneMs").asLong()).isEqualTo(6_000);
        assertThat(json.get("ratios").get(4).get("ratio").asDouble()).isEqualTo(0.1);
        assertThat(json.get("ceiling").get("commit").get("offsets").get("p50").asDouble()).isEqualTo(9.5);
    }
}
