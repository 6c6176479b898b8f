package io.kpool.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final LoopPulse pulse = new LoopPulse(Duration.ofSeconds(30), clock);
    private final AtomicBoolean ready = new AtomicBoolean();
    private final PrometheusMeterRegistry registry = RoleMetrics.create("dispatcher", "kpool");
    private OpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesTheRolesMetricsInPrometheusTextFormat() throws Exception {
        registry.counter("kpool.dispatcher.jobs.dispatched", "slot", "3").increment(5);
        start();

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("kpool_dispatcher_jobs_dispatched_total{pool=\"kpool\",role=\"dispatcher\",slot=\"3\"} 5.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void healthzPassesWhileTheLoopBeatsAndFailsOnceItIsSilentTooLong() throws Exception {
        start();
        assertThat(get("/healthz").statusCode()).isEqualTo(503);

        pulse.beat();
        now.set(now.get().plusSeconds(29));
        HttpResponse<String> fresh = get("/healthz");
        now.set(now.get().plusSeconds(2));
        HttpResponse<String> stale = get("/healthz");

        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).startsWith("ok: the main loop went round 29000 ms ago");
        assertThat(stale.statusCode()).isEqualTo(503);
        assertThat(stale.body()).contains("has not gone round for 31000 ms");
    }

    @Test
    void readyzAnswersWhatTheRoleSays() throws Exception {
        start();
        HttpResponse<String> before = get("/readyz");
        ready.set(true);
        HttpResponse<String> after = get("/readyz");

        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).isEqualTo("failing: not yet\n");
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void answersNotFoundBeneathAPathAndRefusesWrites() throws Exception {
        start();
        assertThat(get("/metrics/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/readyz"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void aTakenPortIsRefusedNamingIt() {
        start();
        InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        assertThatThrownBy(() -> OpsServer.start(taken, registry, pulse, pulse))
                .hasMessageStartingWith("--http-port " + server.port() + " is taken");
    }

    private void start() {
        server = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, pulse,
                () -> ready.get() ? Probe.Answer.ok("ready") : Probe.Answer.failing("not yet"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
