package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.protocol.Topics;
import io.kpool.transport.security.PoolAcls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpool up --secure} as a user runs it, twice on one data directory. */
class SecureUpIT {

    private static final Pattern CLIENT_FILE = Pattern.compile("(?m)^client +(\\S+)");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String run(String name, String... args) throws Exception {
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of(args));
        Path output = dir.resolve(name + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(name + " exit status; output:%n%s", text).isZero();
        return text;
    }

    /** Starts {@code kpool up --secure}, waits until it is up; answers the client properties file it names. */
    private String up(Process up, Path output) {
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).alias("kpool is up")
                .until(() -> !up.isAlive() || Files.readString(output).contains("kpool is up"));
        String text;
        try {
            text = Files.readString(output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(up.isAlive()).as("kpool up runs; its output:%n%s", text).isTrue();
        Matcher client = CLIENT_FILE.matcher(text);
        assertThat(client.find()).as("kpool up names the client's properties file:%n%s", text).isTrue();
        assertThat(text).contains("export KPOOL_KAFKA_CONFIG=" + client.group(1));
        return client.group(1);
    }

    private void stop(Process up) throws InterruptedException {
        up.destroy();
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up stops on SIGTERM").isTrue();
        assertThat(up.exitValue()).isZero();
    }

    @Test
    void upSecureRunsAPoolTheClientPrincipalUsesAndKeepsItsCaAndUsersAcrossARestart() throws Exception {
        String port = String.valueOf(freePort());
        String bootstrap = "localhost:" + port;
        Path data = dir.resolve("data");
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of("up", "--secure", "--workers", "2", "--kafka-port", port, "--data-dir", data.toString(),
                "--http-port", "0"));

        Path first = dir.resolve("up-1.out");
        Process up = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(first.toFile()).start();
        String client;
        try {
            client = up(up, first);
            assertThat(Files.readString(first)).contains("SASL_SSL with SCRAM-SHA-512 users and ACLs",
                    data.resolve("secure/ca.pem").toString(), "acls       " + PoolAcls.grants(Topics.ofDefaults()).size()
                            + " written for prefix kpool");

            String submitted = run("submit-1", "submit", "5", "-1", "7", "--wait", "--bootstrap", bootstrap,
                    "--kafka-config", client);
            assertThat(submitted).contains("-> 10", "-> 14", "dead letter: crashed_worker",
                    "2 results, 1 dead letters, 0 missing");
            stop(up);
        } finally {
            up.destroyForcibly();
        }

        Path second = dir.resolve("up-2.out");
        Process again = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(second.toFile()).start();
        try {
            assertThat(up(again, second)).as("the same client file").isEqualTo(client);
            assertThat(run("submit-2", "submit", "21", "--wait", "--bootstrap", bootstrap, "--kafka-config", client))
                    .contains("-> 42", "1 results, 0 dead letters, 0 missing");
            assertThat(run("audit", "audit", "--bootstrap", bootstrap, "--kafka-config",
                    data.resolve("secure/kpool-admin.properties").toString()))
                    .contains("OK: every jobs record has exactly one outcome");
            stop(again);
        } finally {
            again.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            again.destroyForcibly();
        }
    }
}
