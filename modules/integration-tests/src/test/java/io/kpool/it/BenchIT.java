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

        assertThat(bench.waitFor(5, TimeUnit.MINUTES)).as("bench --quick finished").isTrue();
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(bench.exitValue()).as("exit status; output:%n%s", printed).isZero();

        JsonNode report = Json.tree(Files.readAllBytes(out.resolve("bench.json")));
        assertThat(report.get("quick").asBoolean()).isTrue();
        assertThat(report.get("ceiling").get("hopPerSecond").asDouble()).isPositive();
        assertThat(report.get("ceiling").get("transactionalPerSecond").asDouble()).isPositive();
        assertThat(report.get("kpool")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(t -> assertThat(t.get("jobsPerSecond").asDouble()).isPositive());
        assertThat(report.get("latency").get("ms").get("count").asInt()).isPositive();
        assertThat(report.get("peer").get("jobsPerSecond").asDouble()).isPositive();
        assertThat(report.get("failover").get("cold").get("noticedMs").asLong()).isNotNegative();
        assertThat(report.get("memory").get("workersMib")).isNotEmpty();
        assertThat(Files.readString(out.resolve("bench.md"))).contains("| kpool, 4 workers", "| Kafka: producer");
        assertThat(Files.readString(out.resolve("bench.svg"))).startsWith("<svg").contains("</svg>");
        assertThat(printed).contains("| what | figure |");
    }
}
