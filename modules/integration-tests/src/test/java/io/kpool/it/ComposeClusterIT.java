package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.Audit;
import io.kpool.client.AuditReport;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.SupervisorStarted;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real docker-compose.yml, run as a user runs it: {@code docker-compose up --build -d}, jobs
 * from the host through the published port and from a container ({@code docker-compose run}), a
 * worker SIGKILLed inside the supervisor's container, the supervisor's container crashed (its init
 * killed: compose restarts it) and stopped with {@code docker kill} (brought back with
 * {@code docker-compose up -d}), Kafka's container restarted; then exactly one correct outcome
 * per job, and {@code docker-compose down -v} leaves no container, network or volume. Skipped,
 * with the reason, where no Docker engine answers or an image is neither here nor pullable.
 */
@ExtendWith(ContainerEngine.class)
@ContainerEngine.BuildsKpoolImage
class ComposeClusterIT {

    private static final Logger log = LoggerFactory.getLogger(ComposeClusterIT.class);

    private static final Duration BUILD = Duration.ofMinutes(20);
    private static final Duration STEP = Duration.ofMinutes(2);
    private static final Duration OUTCOMES = Duration.ofMinutes(5);
    private static final int BATCH = 100;
    private static final int POISON = 150;

    private static String project;
    private static Map<String, String> env;
    private static KafkaSettings kafka;

    @BeforeAll
    static void up() throws IOException {
        project = "kpoolit" + UUID.randomUUID().toString().substring(0, 8);
        int port = freePort();
        env = Map.of("KPOOL_KAFKA_PORT", String.valueOf(port), "KPOOL_IMAGE", "kpool-it/" + project + ":latest",
                "KPOOL_DISPATCHER_HTTP_PORT", String.valueOf(freePort()),
                "KPOOL_SUPERVISOR_HTTP_PORT", String.valueOf(freePort()));
        kafka = new KafkaSettings("localhost:" + port, Topics.ofDefaults());
        long started = System.nanoTime();
        compose(BUILD, "up", "--build", "-d").orFail();
        log.info("docker-compose up --build -d took {} s", (System.nanoTime() - started) / 1_000_000_000L);
        await().atMost(STEP).ignoreExceptionsInstanceOf(KafkaUnavailableException.class)
                .alias("the roles made the pool's topics").until(() -> {
                    new EventLog(kafka).close();
                    return true;
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** GETs {@code path} from a role's HTTP port, published on the host; answers the body of a 200. */
    private static String get(String portVariable, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.get(portVariable) + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + " from " + portVariable + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    @AfterAll
    static void down() {
        if (project == null) {
            return;
        }
        ContainerEngine.Run logs = compose(STEP, "logs", "--no-color", "--tail", "200");
        log.info("the cluster's last log lines:\n{}", logs.output());
        compose(STEP, "--profile", "tools", "down", "-v", "--remove-orphans").orFail();
        ContainerEngine.run(STEP, Map.of(), "docker", "image", "rm", env.get("KPOOL_IMAGE"));
    }

    @Test
    void theComposeClusterGivesEveryJobExactlyOneOutcomeThroughCrashesAndRestarts() throws Exception {
        try (EventLog events = new EventLog(kafka);
             Outcomes outcomes = Outcomes.fromBeginning(kafka);
             JobSubmitter submitter = new JobSubmitter(kafka)) {
            // Given a cluster whose four workers are up
            // (a worker slow to start on a loaded machine is restarted: its slot comes up as restarted)
            await().atMost(STEP).pollInSameThread().alias("four workers up")
                    .until(() -> Stream.concat(events.of(WorkerStarted.class).stream(), events.of(WorkerRestarted.class).stream())
                            .map(PoolEvent::slot).distinct().count() == 4);
            // whose roles' healthchecks (GET /healthz, with bash) pass, and whose HTTP ports the host reaches
            for (String role : List.of("dispatcher", "supervisor")) {
                String container = containerOf(role);
                await().atMost(STEP).alias(role + " healthy").until(() -> inspect(container, "{{.State.Health.Status}}")
                        .strip().equals("healthy"));
            }
            assertThat(get("KPOOL_SUPERVISOR_HTTP_PORT", "/readyz")).startsWith("ok: every worker started");
            assertThat(get("KPOOL_DISPATCHER_HTTP_PORT", "/readyz")).startsWith("ok: routing kpool.jobs");

            // When jobs come from the host, through the published port, before each fault
            Submission fromHost = new Submission();
            AtomicInteger sent = new AtomicInteger();
            submit(submitter, fromHost, sent);

            // and from a container on compose's network
            ContainerEngine.Run fromContainer = compose(STEP, "run", "--rm", "-T", "kpool", "submit", "1", "2", "3",
                    "4", "5", "-6", "7", "8", "9", "10", "--wait").orFail();
            assertThat(fromContainer.output()).contains("9 results, 1 dead letters, 0 missing");
            Matcher line = Pattern.compile("(\\S+)-(\\d+) -> (-?\\d+) ").matcher(fromContainer.output());
            int checked = 0;
            while (line.find()) {
                long payload = List.of(1, 2, 3, 4, 5, -6, 7, 8, 9, 10).get(Integer.parseInt(line.group(2)) - 1);
                assertThat(Long.parseLong(line.group(3))).as(line.group()).isEqualTo(2 * payload);
                checked++;
            }
            assertThat(checked).as("results printed by the container's submit").isEqualTo(9);

            // a worker SIGKILLed inside the supervisor's container: its supervisor restarts it
            submit(submitter, fromHost, sent);
            long restartsBefore = events.of(WorkerRestarted.class).stream().filter(e -> e.slot() == 1).count();
            compose(STEP, "exec", "-T", "supervisor", "kpool", "kill", "--worker", "1", "--signal", "KILL").orFail();
            await().atMost(STEP).pollInSameThread().alias("worker 1 restarted by its supervisor")
                    .until(() -> events.of(WorkerRestarted.class).stream().filter(e -> e.slot() == 1).count() > restartsBefore);
            assertThat(get("KPOOL_SUPERVISOR_HTTP_PORT", "/metrics"))
                    .contains("kpool_worker_crashes_total{pool=\"kpool\",reason=\"signal\",role=\"supervisor\",slot=\"1\"}");

            // the supervisor's container crashes (its init killed, as the OOM killer would): compose restarts it
            submit(submitter, fromHost, sent);
            String supervisor = containerOf("supervisor");
            int supervisorsBefore = events.of(SupervisorStarted.class).size();
            long init = Long.parseLong(inspect(supervisor, "{{.State.Pid}}"));
            ProcessHandle.of(init).orElseThrow().destroyForcibly();
            await().atMost(STEP).alias("compose restarts the crashed supervisor")
                    .until(() -> Integer.parseInt(inspect(supervisor, "{{.RestartCount}}")) >= 1);
            await().atMost(STEP).pollInSameThread().alias("the restarted supervisor runs")
                    .until(() -> events.of(SupervisorStarted.class).size() > supervisorsBefore);

            // docker kill is a stop by hand, which Docker's restart policy leaves alone: up -d brings it back
            submit(submitter, fromHost, sent);
            int supervisorsNow = events.of(SupervisorStarted.class).size();
            ContainerEngine.run(STEP, Map.of(), "docker", "kill", supervisor).orFail();
            await().atMost(STEP).alias("the killed supervisor's container stopped")
                    .until(() -> inspect(supervisor, "{{.State.Status}}").equals("exited"));
            compose(STEP, "up", "-d", "--no-build", "supervisor").orFail();
            await().atMost(STEP).pollInSameThread().alias("the supervisor back after docker-compose up -d")
                    .until(() -> events.of(SupervisorStarted.class).size() > supervisorsNow);

            // Kafka's container restarted
            submit(submitter, fromHost, sent);
            compose(STEP, "restart", "kafka").orFail();
            submit(submitter, fromHost, sent);

            // Then every job has exactly one correct outcome
            TestPool.awaitOutcomes(outcomes, fromHost, OUTCOMES);
            assertThat(fromHost.duplicates()).as("jobs done twice").isZero();
            assertThat(fromHost.deadLetters().keySet()).as("dead letters: the poison jobs, each once")
                    .isEqualTo(poisonIds(sent.get()));
            assertThat(fromHost.deadLetters().values()).extracting(DeadLetter::reason).containsOnly("crashed_worker");
            for (Map.Entry<String, Result> e : fromHost.results().entrySet()) {
                long n = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('-') + 1));
                assertThat(e.getValue().output().longValue()).as(e.getKey()).isEqualTo(2 * n);
            }
            AuditReport audit = Audit.run(kafka, 10, progress -> { });
            assertThat(audit.missing().count()).as("kpool audit: missing").isZero();
            assertThat(audit.duplicated().count()).as("kpool audit: duplicated").isZero();
            assertThat(audit.submitted()).as("jobs from the host and from the container").isEqualTo(sent.get() + 10);
            log.info("compose cluster: {} jobs from the host, 10 from a container; {} results; audit {}",
                    sent.get(), fromHost.resultCount(), audit);
        }
        assertDownLeavesNothing();
    }

    /** Sends the next BATCH jobs host-n (every POISON-th negative: a poison job) from the host. */
    private static void submit(JobSubmitter submitter, Submission submission, AtomicInteger sent) {
        for (int i = 0; i < BATCH; i++) {
            int n = sent.incrementAndGet();
            String id = "host-" + n;
            submission.expect(id);
            submitter.submit(new Job(id, Json.mapper().valueToTree(n % POISON == 0 ? -n : n)));
        }
        submitter.flush();
    }

    private static Set<String> poisonIds(int sent) {
        Set<String> ids = new HashSet<>();
        for (int n = POISON; n <= sent; n += POISON) {
            ids.add("host-" + n);
        }
        return ids;
    }

    private static void assertDownLeavesNothing() {
        String label = "label=com.docker.compose.project=" + project;
        // Volumes the project's containers use, named or anonymous (an image's VOLUME): none may stay.
        List<String> volumes = new ArrayList<>();
        for (String id : ContainerEngine.run(STEP, Map.of(), "docker", "ps", "-aq", "--filter", label).orFail()
                .output().strip().split("\\s+")) {
            if (!id.isBlank()) {
                volumes.addAll(List.of(inspect(id, "{{range .Mounts}}{{.Name}} {{end}}").split("\\s+")));
            }
        }
        volumes.removeIf(String::isBlank);
        assertThat(volumes).as("the cluster's volumes").isNotEmpty();
        compose(STEP, "--profile", "tools", "down", "-v", "--remove-orphans").orFail();
        List<String> left = new ArrayList<>();
        for (String volume : volumes) {
            if (ContainerEngine.run(STEP, Map.of(), "docker", "volume", "inspect", volume).status() == 0) {
                left.add("volume: " + volume);
            }
        }
        for (String kind : List.of("container", "network", "volume")) {
            List<String> command = new ArrayList<>(List.of("docker", kind, "ls", "-q", "--filter", label));
            if (kind.equals("container")) {
                command.add(3, "-a");
            }
            String ids = ContainerEngine.run(STEP, Map.of(), command).orFail().output().strip();
            if (!ids.isEmpty()) {
                left.add(kind + ": " + ids);
            }
        }
        assertThat(left).as("what docker-compose down -v left behind").isEmpty();
    }

    private static String containerOf(String service) {
        return compose(STEP, "ps", "-q", service).orFail().output().strip();
    }

    private static String inspect(String container, String format) {
        return ContainerEngine.run(STEP, Map.of(), "docker", "inspect", "--format", format, container).orFail()
                .output().strip();
    }

    private static ContainerEngine.Run compose(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", project, "-f", "docker-compose.yml"));
        command.addAll(List.of(args));
        return ContainerEngine.run(timeout, env, command);
    }
}
