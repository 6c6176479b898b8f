package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.protocol.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpool up} as a user runs it: its own broker, then submit, status, and Ctrl-C. */
class UpCommandIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Process kpool(Path output, String... args) throws IOException {
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private String run(String name, String... args) throws Exception {
        Path output = dir.resolve(name + ".out");
        Process process = kpool(output, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(name + " exit status; output:%n%s", text).isZero();
        return text;
    }

    @Test
    void upRunsAWholePoolThatTheOtherCommandsUseAndStopsEverythingOnSigterm() throws Exception {
        String bootstrap = "localhost:" + freePort();
        Path upOutput = dir.resolve("up.out");
        Process up = kpool(upOutput, "up", "--workers", "2", "--kafka-port", bootstrap.substring(10),
                "--data-dir", dir.resolve("data").toString());
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).alias("kpool is up")
                    .until(() -> Files.readString(upOutput).contains("kpool is up"));
            assertThat(Files.readString(upOutput)).contains("kafka      " + bootstrap);

            String submitted = run("submit", "submit", "5", "3", "-1", "7", "--wait", "--bootstrap", bootstrap);
            assertThat(submitted).contains("-> 10", "-> 6", "-> 14", "dead letter: crashed_worker",
                    "3 results, 1 dead letters, 0 missing");

            JsonNode rows = Json.tree(run("status", "status", "--json", "--bootstrap", bootstrap)
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(rows).hasSize(2);
            rows.forEach(row -> assertThat(row.get("alive").asBoolean()).isTrue());

            List<ProcessHandle> family = up.toHandle().descendants().toList();
            assertThat(family).hasSizeGreaterThanOrEqualTo(4);
            up.destroy();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
            assertThat(up.exitValue()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> family.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(Files.readString(upOutput)).contains("stopped");
        } finally {
            up.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
    }
}
