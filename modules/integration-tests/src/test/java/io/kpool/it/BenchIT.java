package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpool bench --quick} runs and writes a well-formed report: a smoke test, never a speed. */
class BenchIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void theQuickBenchRunsAndWritesItsReport() throws Exception {
        Path out = dir.resolve("report");
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of("bench", "--quick", "--out", out.toString()));
        Path log = dir.resolve("bench.out");
        Process bench = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        // a few minutes on a quiet machine; a machine shared with other builds takes longer: no speed is checked
        assertThat(bench.waitFor(12, TimeUnit.MINUTES)).as("bench --quick finished").isTrue();
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(bench.exitValue()).as("exit status; output:%n%s", printed).isZero();

        JsonNode report = Json.tree(Files.readAllBytes(out.resolve("bench.json")));
        assertThat(report.get("quick").asBoolean()).isTrue();
        assertThat(report.get("ceiling").get("hopPerSecond").asDouble()).isPositive();
        assertThat(report.get("ceiling").get("transactionalPerSecond").asDouble()).isPositive();
        for (String path : List.of("offsets", "positions", "perPartition")) {
            assertThat(report.get("ceiling").get("commit").get(path).get("count").asInt()).as(path).isEqualTo(30);
            assertThat(report.get("ceiling").get("commit").get(path).get("p50").asDouble()).as(path).isPositive();
        }
        assertThat(report.get("kpool")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(t -> assertThat(t.get("jobsPerSecond").asDouble()).isPositive());
        assertThat(report.get("latency").get("ms").get("count").asInt()).isPositive();
        assertThat(report.get("peer").get("jobsPerSecond").asDouble()).isPositive();
        assertThat(report.get("failover").get("cold").get("noticedMs").asLong()).isNotNegative();
        assertThat(report.get("memory").get("workersMib")).isNotEmpty();
        // the side-by-side scenarios: both sides ran, each with its figures
        JsonNode scenarios = report.get("scenarios");
        assertThat(scenarios).extracting(s -> s.get("name").asText()).containsExactly("skewed", "poison", "io-bound");
        for (JsonNode scenario : scenarios) {
            for (String side : List.of("kpool", "plain")) {
                assertThat(scenario.get(side).get("ready").asBoolean()).as("%s on %s came up", scenario.get("name"), side)
                        .isTrue();
                assertThat(scenario.get(side).get("goodResults").asInt()).as("%s on %s", scenario.get("name"), side)
                        .isPositive();
            }
        }
        assertThat(scenarios.get(0).get("kpool").get("latency").get("count").asInt()).isEqualTo(
                scenarios.get(0).get("goodJobs").asInt());
        assertThat(scenarios.get(0).get("plain").get("latency").get("p99").asDouble()).isPositive();
        // a ratio kpool ÷ peer for each figure with a peer in the run (--quick measures no plain-pool failover);
        // a time not reached by the deadline makes it a bound, or leaves it out when neither side was done
        assertThat(report.get("ratios")).extracting(r -> r.get("id").asText())
                .contains("throughput", "skewed.p99", "poison.done", "io-bound.done");
        assertThat(report.get("ratios")).allSatisfy(r -> {
            assertThat(r.get("bound").asText()).isIn("=", "<=", ">=", "none");
            if (!r.get("bound").asText().equals("none")) {
                assertThat(r.get("ratio").asDouble()).as("ratio %s", r.get("id")).isPositive();
            }
        });
        assertThat(Files.readString(out.resolve("bench.md"))).contains("| kpool, 4 workers", "| Kafka: producer",
                "| what | figure | kpool ÷ plain pool |", "skewed: ", "poison: ", "I/O-bound: ", "… the plain pool, ");
        assertThat(Files.readString(out.resolve("bench.svg"))).startsWith("<svg").contains("</svg>");
        assertThat(printed).contains("| what | figure |");
    }
}
