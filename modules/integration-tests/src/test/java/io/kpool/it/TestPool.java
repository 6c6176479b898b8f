package io.kpool.it;

import static org.awaitility.Awaitility.await;

import io.kpool.cli.Kpool;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.StatusReader;
import io.kpool.client.Submission;
import io.kpool.client.TopicSnapshot;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Job;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.TopicLayout;
import io.kpool.transport.security.ClientProperties;
import io.kpool.transport.security.PoolAcls;
import io.kpool.transport.security.Role;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A pool of real kpool processes for one test: a supervisor (which starts the worker processes)
 * and a dispatcher, started from this JVM's class path with a fresh topic prefix and their own
 * directory. {@link #close()} stops them and kills, by pid, any process of theirs still alive.
 */
final class TestPool implements AutoCloseable {

    static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Pattern HTTP_PORT = Pattern.compile("serves /metrics, /healthz and /readyz on port (\\d+)");

    /**
     * Who each role is on a secured broker.
     *
     * @param operator the operator's client properties: it creates the topics and writes the ACLs
     * @param files    the client properties file of each role
     */
    record Principals(ClientProperties operator, Map<Role, Path> files) {

        ClientProperties of(Role role) {
            return ClientProperties.load("--kafka-config", files.get(role));
        }

        String file(Role role) {
            return files.get(role).toString();
        }
    }

    private final KafkaSettings kafka;
    private final KafkaSettings operator;
    private final Principals principals;
    private final Path dir;
    private final int workers;
    private final List<Process> roles = new ArrayList<>();
    private final Set<ProcessHandle> seen = new HashSet<>();
    private final Map<String, String> env = new HashMap<>();
    private boolean kpoolLogging;
    private final EventLog events;
    private int jobs;

    private TestPool(String bootstrap, Path dir, int workers, Principals principals) {
        KafkaSettings plain = new KafkaSettings(bootstrap, new Topics("it-" + UUID.randomUUID().toString().substring(0, 8)));
        this.principals = principals;
        this.kafka = principals == null ? plain : plain.withClient(principals.of(Role.CLIENT));
        this.operator = principals == null ? plain : plain.withClient(principals.operator());
        this.dir = dir;
        this.workers = workers;
        try (TopicAdmin admin = new TopicAdmin(operator)) {
            admin.ensure(TopicLayout.forSlots(workers), Duration.ofSeconds(60));
        }
        if (principals != null) {
            try (Admin admin = Admin.create(operator.admin("it-acls"))) {
                PoolAcls.apply(admin, kafka.topics(), PoolAcls.principals(Map.of()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot write the pool's ACLs", e);
            }
        }
        this.events = new EventLog(kafka);
    }

    /**
     * Starts a supervisor of {@code workers} workers and a dispatcher, and waits until every worker
     * is alive.
     *
     * @param supervisorArgs extra options for the supervisor, e.g. {@code --heartbeat-timeout 2s}
     * @param dispatcherArgs extra options for the dispatcher, e.g. {@code --dispatch least-busy}
     */
    static TestPool start(String bootstrap, Path dir, int workers, List<String> supervisorArgs,
                          List<String> dispatcherArgs) {
        return start(bootstrap, dir, workers, null, supervisorArgs, dispatcherArgs);
    }

    /**
     * As {@link #start(String, Path, int, List, List)}, on a secured broker: the topics and ACLs made
     * by the operator, each role run as its own principal, and this pool's clients ({@link #kafka()})
     * as the client principal.
     */
    static TestPool start(String bootstrap, Path dir, int workers, Principals principals, List<String> supervisorArgs,
                          List<String> dispatcherArgs) {
        TestPool pool = new TestPool(bootstrap, dir, workers, principals);
        try {
            List<String> sup = new ArrayList<>(List.of("--workers", String.valueOf(workers)));
            sup.addAll(supervisorArgs);
            pool.startSupervisor("it", sup);
            pool.startDispatcher(dispatcherArgs);
            pool.awaitAllAlive();
            pool.awaitDispatcherSeesAll();
            return pool;
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    static TestPool start(String bootstrap, Path dir, int workers) {
        return start(bootstrap, dir, workers, List.of(), List.of());
    }

    /** Topics for {@code slots} slots and an event log, with no process started yet. */
    static TestPool empty(String bootstrap, Path dir, int slots) {
        return new TestPool(bootstrap, dir, slots, null);
    }

    /** Topics and ACLs for {@code slots} slots on a secured broker, with no process started yet. */
    static TestPool empty(String bootstrap, Path dir, int slots, Principals principals) {
        return new TestPool(bootstrap, dir, slots, principals);
    }

    /**
     * Processes started from now on log as kpool does for its users, not by the tests'
     * {@code logback-test.xml}: the test classes leave their class path.
     */
    TestPool withKpoolLogging() {
        kpoolLogging = true;
        return this;
    }

    /** Sets an environment variable for every process started from now on, e.g. {@code KPOOL_LOG_FORMAT}. */
    TestPool withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Starts a supervisor named {@code name} (its run directory and log are named after it). */
    Process startSupervisor(String name, List<String> args) {
        List<String> sup = new ArrayList<>(List.of("supervisor", "--name", name,
                "--run-dir", dir.resolve("run-" + name).toString(), "--class-data-dir", "none"));
        if (principals != null && !args.contains("--kafka-config")) {
            sup.addAll(List.of("--kafka-config", principals.file(Role.SUPERVISOR)));
            if (!args.contains("--worker-kafka-config")) {
                sup.addAll(List.of("--worker-kafka-config", principals.file(Role.WORKER)));
            }
        }
        sup.addAll(args);
        return spawn("supervisor-" + name, sup);
    }

    /** Starts a dispatcher ({@code --id it} unless {@code args} give one). */
    Process startDispatcher(List<String> args) {
        List<String> disp = new ArrayList<>(List.of("dispatcher"));
        if (!args.contains("--id")) {
            disp.addAll(List.of("--id", "it"));
        }
        if (principals != null && !args.contains("--kafka-config")) {
            disp.addAll(List.of("--kafka-config", principals.file(Role.DISPATCHER)));
        }
        disp.addAll(args);
        return spawn("dispatcher", disp);
    }

    /**
     * Runs {@code kpool <args>} on the pool's Kafka and topics, with its output in {@code <name>.log}
     * (e.g. {@code worker --slot 1 --evacuate 3s}).
     */
    Process start(String name, List<String> args) {
        return spawn(name, args);
    }

    /** The java command that runs kpool with this JVM's class path. */
    static List<String> kpoolCommand() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Kpool.class.getName()));
    }

    private Process spawn(String name, List<String> args) {
        List<String> command = kpoolCommand();
        if (kpoolLogging) {
            int cp = command.indexOf("-cp") + 1;
            command.set(cp, Arrays.stream(command.get(cp).split(File.pathSeparator))
                    .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                    .collect(Collectors.joining(File.pathSeparator)));
        }
        command.addAll(args);
        command.addAll(List.of("--bootstrap", kafka.bootstrap(), "--prefix", kafka.topics().prefix(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        try {
            Files.createDirectories(dir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            roles.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + name, e);
        }
    }

    /** The pool's Kafka, as its clients reach it (the client principal on a secured broker). */
    KafkaSettings kafka() {
        return kafka;
    }

    /** The pool's Kafka as the operator reaches it (who may read every topic). */
    KafkaSettings operator() {
        return operator;
    }

    EventLog events() {
        return events;
    }

    Path dir() {
        return dir;
    }

    /** Every slot's current row. */
    List<WorkerRow> status() {
        List<WorkerRow> rows = StatusReader.read(kafka, Duration.ofSeconds(30));
        rows.forEach(r -> {
            if (r.pid() != null) {
                ProcessHandle.of(r.pid()).ifPresent(seen::add);
            }
        });
        return rows;
    }

    WorkerRow worker(int slot) {
        return status().stream().filter(r -> r.workerId() == slot).findFirst()
                .orElseThrow(() -> new AssertionError("no status for worker " + slot));
    }

    void awaitAllAlive() {
        awaitAlive(workers);
    }

    /**
     * Waits until the dispatcher's own view of the pool (its last {@code live slots: [...]} line)
     * holds every slot: the workers topic can say a worker is alive before the dispatcher has read
     * it, and jobs sent in that gap go only to the slots it already sees.
     */
    void awaitDispatcherSeesAll() {
        String all = "live slots: " + IntStream.range(0, workers).boxed().toList();
        Path log = dir.resolve("dispatcher.log");
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).alias("the dispatcher seeing " + all)
                .until(() -> Files.exists(log) && all.equals(lastLiveSlots(Files.readAllLines(log))));
    }

    private static String lastLiveSlots(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            int at = lines.get(i).indexOf("live slots: ");
            if (at >= 0) {
                return lines.get(i).substring(at).strip();
            }
        }
        return null;
    }

    /**
     * GETs {@code path} from the HTTP port a role started with {@code --http-port 0} reported in
     * its log ({@code dispatcher} or {@code supervisor-<name>}).
     */
    HttpResponse<String> http(String role, String path) {
        Path log = dir.resolve(role + ".log");
        int port = await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).alias("the " + role + "'s HTTP port")
                .until(() -> Files.exists(log) ? httpPort(Files.readAllLines(log)) : null, p -> p != null);
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from the " + role, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Integer httpPort(List<String> lines) {
        for (String line : lines) {
            Matcher m = HTTP_PORT.matcher(line);
            if (m.find()) {
                return Integer.valueOf(m.group(1));
            }
        }
        return null;
    }

    /** Every committed record of a topic, from its beginning to its end now. */
    static List<ConsumerRecord<String, byte[]>> records(KafkaSettings kafka, String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        TopicSnapshot.read(kafka, "it-read", List.of(topic), records::add, progress -> { });
        return records;
    }

    /** Waits until {@code count} workers are alive. */
    void awaitAlive(int count) {
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).alias(count + " live workers")
                .until(() -> status().stream().filter(WorkerRow::alive).count() == count);
    }

    /**
     * Sends {@code kill -<signal>} to the current process of a slot, once it has one (a slot between
     * two incarnations has none: its worker stopped, say for a cancelled job, and is being started
     * again); answers its pid.
     */
    long signal(int slot, String signal) throws IOException, InterruptedException {
        long pid = await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).alias("a process of worker " + slot)
                .until(() -> worker(slot).pid(), Objects::nonNull);
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
        return pid;
    }

    /** Submits one job per payload (ids unique in this pool) and answers what to expect. */
    Submission submit(JobSubmitter submitter, List<?> payloads) {
        return submit(submitter, payloads, new Submission());
    }

    /** Submits one job per payload, adding them to {@code submission}. */
    Submission submit(JobSubmitter submitter, List<?> payloads, Submission submission) {
        for (Object payload : payloads) {
            String id = "job-" + (++jobs);
            submission.expect(id);
            submitter.submit(new Job(id, io.kpool.protocol.Json.mapper().valueToTree(payload)));
        }
        submitter.flush();
        return submission;
    }

    /** Collects outcomes until the submission is complete. */
    static void awaitOutcomes(Outcomes outcomes, Submission submission, Duration timeout) {
        await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(10))
                .alias("an outcome for each of " + submission.expected() + " jobs")
                .until(() -> {
                    outcomes.poll(Duration.ofMillis(200), submission::accept, submission::accept);
                    return submission.complete();
                });
    }

    /** Stops the roles (SIGTERM, then SIGKILL), then kills any process of the pool still alive. */
    @Override
    public void close() {
        for (Process role : roles) {
            role.toHandle().descendants().forEach(seen::add);
            seen.add(role.toHandle());
        }
        roles.forEach(Process::destroy);
        for (Process role : roles) {
            try {
                if (!role.waitFor(20, TimeUnit.SECONDS)) {
                    role.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle handle : seen) {
            if (handle.isAlive()) {
                try {
                    new ProcessBuilder("kill", "-CONT", String.valueOf(handle.pid())).start().waitFor();
                } catch (IOException e) {
                    // best effort: SIGKILL below works on a stopped process too
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                handle.destroyForcibly();
            }
        }
        events.close();
    }
}
