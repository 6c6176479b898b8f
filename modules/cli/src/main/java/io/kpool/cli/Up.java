package io.kpool.cli;

import io.kpool.client.EventFollower;
import io.kpool.client.EventFormat;
import io.kpool.core.config.ConfigException;
import io.kpool.dashboard.Dashboard;
import io.kpool.embedded.EmbeddedKafka;
import io.kpool.observe.LoopPulse;
import io.kpool.observe.OpsServer;
import io.kpool.observe.Probe;
import io.kpool.observe.RoleMetrics;
import io.kpool.protocol.Topics;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.TopicLayout;
import io.kpool.transport.local.ProcessLifecycle;
import io.kpool.transport.security.ClientProperties;
import io.kpool.transport.security.PoolAcls;
import io.kpool.transport.security.Role;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code kpool up}: a whole pool on this machine, with its own Kafka broker. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Run a whole pool on this machine: an embedded Kafka broker (unless --bootstrap names one), "
                + "the topics, a dispatcher and a supervisor with N worker processes. Prints the bootstrap address, "
                + "then follows the pool's events. Ctrl-C or SIGTERM stops everything it started.",
                "The dispatcher and supervisor are restarted if they die."})
final class Up implements Callable<Integer>, KafkaCommand {

    /** How long to wait for every worker's first heartbeat before saying so. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "How many worker processes (slots) (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded Kafka broker on localhost (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded broker keeps its data, kept across runs "
                    + "(default: a temporary directory, removed on exit).")
    Path dataDir;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of starting one.")
    String bootstrap;

    @Option(names = "--prefix", paramLabel = "NAME", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Prefix of every topic, group and transactional id (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--secure",
            description = "Start the embedded broker secured: one SASL_SSL listener (TLS with a CA and a certificate "
                    + "it makes in the data directory, SCRAM-SHA-512 users), ACLs on, one principal per role with only "
                    + "the rights it needs (kpool acls); prints each principal's client properties file.")
    boolean secure;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "With --bootstrap: " + KafkaOptions.KAFKA_CONFIG_HELP + " Used by up itself (it creates the "
                    + "topics), the dispatcher and the supervisor (default: none).")
    Path kafkaConfig;

    @Option(names = "--worker-kafka-config", paramLabel = "FILE",
            description = "With --bootstrap: client properties for the worker processes, when they run as another "
                    + "principal (default: --kafka-config).")
    Path workerKafkaConfig;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "up serves the dashboard (/), /metrics, /healthz and /readyz on PORT, on localhost only; the "
                    + "dispatcher its /metrics on PORT+1, the supervisor on PORT+2; 0 for any free ports (default: 8080 "
                    + "to 8082 when free, else any free ports; the addresses are printed).")
    Integer httpPort;

    @Mixin
    DispatchOptions dispatch;

    @Mixin
    TopicOptions topicOptions;

    @Mixin
    SupervisionOptions supervision;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private volatile boolean stopping;
    /** A role died past its restart intensity: up stops the pool and exits {@link Kpool#GAVE_UP}. */
    private boolean gaveUp;
    private volatile EventFollower events;
    private volatile KafkaSettings settings;
    private Dashboard dashboard;
    private String clientFlags = "";
    private final LoopPulse pulse = new LoopPulse(Duration.ofSeconds(30));
    private volatile String notReady = "the workers are starting";

    Up() {
        this(System.getenv());
    }

    Up(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        TopicLayout layout = topicOptions.layout(workers);
        SupervisionLaunch supervisorLaunch = supervision.launch();
        supervision.handlers().defaultHandler(SupervisionOptions.HANDLER, supervisorLaunch.handler());
        dispatch.limits();
        checkSecurityFlags();
        ProcessLifecycle.onTermination(this::stop, 0);

        HttpPorts ports = HttpPorts.choose(httpPort);
        PrometheusMeterRegistry registry = RoleMetrics.create("up", prefix);
        List.of("dispatcher", "supervisor").forEach(kind -> registry.counter("kpool.up.role.restarts", "kind", kind));
        EmbeddedKafka kafka = null;
        List<RoleProcess> roles = new ArrayList<>();
        Path runDir = null;
        // On loopback only: up serves the dashboard too, which shows payloads and worker output.
        try (OpsServer ops = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.up()), registry,
                pulse, this::readiness)) {
            if (bootstrap == null) {
                kafka = secure ? SecuredBroker.start(kafkaPort, dataDir) : EmbeddedKafka.start(kafkaPort, dataDir);
                if (secure) {
                    SecuredBroker.describe(out, kafka, "embedded broker");
                } else {
                    out.printf("kafka      %s (embedded broker, data in %s)%n", kafka.bootstrap(), kafka.dataDir());
                }
            } else {
                out.printf("kafka      %s%n", bootstrap);
            }
            out.flush();
            String address = kafka != null ? kafka.bootstrap() : bootstrap;
            settings = settings(address, secure ? SecuredBroker.properties(kafka, SecuredBroker.OPERATOR)
                    : kafkaConfig != null ? ClientProperties.load("--kafka-config", kafkaConfig) : ClientProperties.none());
            KafkaSettings reader = settings;
            Path supervisorKafka;
            Path workerKafka;
            Path dispatcherKafka;
            if (secure) {
                int acls = AclsCommand.apply(settings, layout, PoolAcls.principals(Map.of()));
                out.printf("acls       %d written for prefix %s, one principal per role (kpool acls lists them)%n", acls,
                        prefix);
                Path client = SecuredBroker.file(kafka, Role.CLIENT.userName());
                reader = settings.withClient(ClientProperties.load("--secure", client));
                clientFlags = " --kafka-config " + client;
                supervisorKafka = SecuredBroker.file(kafka, Role.SUPERVISOR.userName());
                workerKafka = SecuredBroker.file(kafka, Role.WORKER.userName());
                dispatcherKafka = SecuredBroker.file(kafka, Role.DISPATCHER.userName());
            } else {
                try (TopicAdmin admin = new TopicAdmin(settings)) {
                    admin.ensure(layout, Duration.ofSeconds(60));
                }
                supervisorKafka = settings.client().file().orElse(null);
                dispatcherKafka = supervisorKafka;
                if (supervisorKafka != null) {
                    clientFlags = " --kafka-config " + supervisorKafka;
                }
                workerKafka = workerKafkaConfig == null ? null
                        : ClientProperties.load("--worker-kafka-config", workerKafkaConfig).file().orElseThrow();
            }
            runDir = dataDir != null ? Files.createDirectories(dataDir.resolve("run"))
                    : Files.createTempDirectory("kpool-run-");
            events = new EventFollower(reader, false);
            dashboard = serveDashboard(out, reader, ops);
            long pid = ProcessHandle.current().pid();
            roles.add(role("supervisor", runDir, SupervisorArguments.encode(new SupervisorLaunch(settings.bootstrap(),
                    settings.topics().prefix(), supervisorKafka, workerKafka, workers, "local", runDir, ports.supervisor(),
                    pid, supervisorLaunch))));
            Path handlersFile = supervisorLaunch.handlersFile() == null ? null
                    : supervisorLaunch.handlersFile().toAbsolutePath();
            roles.add(role("dispatcher", runDir, DispatcherArguments.encode(new DispatcherLaunch(settings.bootstrap(),
                    settings.topics().prefix(), dispatcherKafka, "local", supervisorLaunch.handler(), handlersFile,
                    supervisorLaunch.policy().heartbeatTimeout(), dispatch.strategy, dispatch.limits(),
                    dispatch.dedupeWindow, ports.dispatcher(), pid))));
            out.printf("logs       %s%n", runDir);
            if (dashboard != null) {
                out.printf("dashboard  http://localhost:%d/%n", ops.port());
            }
            out.printf("http       http://localhost:%d/metrics, /healthz, /readyz; /metrics of the dispatcher on port %d, "
                    + "of the supervisor on %d%n", ops.port(), ports.dispatcher(), ports.supervisor());
            out.flush();
            follow(out, roles, started, registry);
        } finally {
            shutDown(out, roles, kafka, runDir);
        }
        return gaveUp ? Kpool.GAVE_UP : 0;
    }

    /** The dashboard on up's own port; up runs on without it if it cannot start, saying why. */
    private static Dashboard serveDashboard(PrintWriter out, KafkaSettings reader, OpsServer ops) {
        try {
            Dashboard dashboard = Dashboard.start(reader);
            dashboard.mount(ops.http());
            return dashboard;
        } catch (RuntimeException e) {
            out.printf("dashboard  not served: %s%n", e.getMessage());
            return null;
        }
    }

    private KafkaSettings settings(String address, ClientProperties client) {
        KafkaOptions options = new KafkaOptions();
        options.bootstrap = address;
        options.prefix = prefix;
        return options.settings().withClient(client);
    }

    private void checkSecurityFlags() {
        if (secure && bootstrap != null) {
            throw new ConfigException("--secure", "secures the embedded broker; with --bootstrap, give that Kafka's "
                    + "client properties with --kafka-config instead");
        }
        if (bootstrap == null && kafkaConfig != null) {
            throw new ConfigException("--kafka-config", "is for the Kafka of --bootstrap; the embedded broker is plain, "
                    + "or secured by --secure, which makes its own");
        }
        if (bootstrap == null && workerKafkaConfig != null) {
            throw new ConfigException("--worker-kafka-config", "is for the Kafka of --bootstrap; with --secure the "
                    + "workers get their own principal");
        }
    }

    @Override
    public KafkaSettings kafkaSettings() {
        return settings;
    }

    private RoleProcess role(String name, Path runDir, List<String> args) {
        List<String> command = new ArrayList<>(SelfLauncher.command(
                env.getOrDefault("KPOOL_JAVA_OPTS", SelfLauncher.DEFAULT_ROLE_JAVA_OPTS)));
        command.addAll(args);
        RoleProcess process = new RoleProcess(name, command, runDir.resolve(name + ".log"));
        process.start();
        return process;
    }

    /** Prints the events until stopped; says when every worker is up; keeps the roles alive. */
    private void follow(PrintWriter out, List<RoleProcess> roles, long started, PrometheusMeterRegistry registry) {
        Set<Integer> up = new HashSet<>();
        boolean ready = false;
        long readyBy = started + READY_TIMEOUT.toNanos();
        while (!stopping) {
            pulse.beat();
            events.poll(Duration.ofMillis(200), event -> {
                out.println(EventFormat.line(event));
                if (event instanceof WorkerStarted || event instanceof WorkerRestarted) {
                    up.add(event.slot());
                }
            });
            if (!ready && up.size() >= workers) {
                ready = true;
                out.printf("%nkpool is up in %.1f s: %d workers, bootstrap %s%n", (System.nanoTime() - started) / 1e9,
                        workers, roles.isEmpty() ? "" : bootstrapOf());
                if (clientFlags.isEmpty()) {
                    out.printf("next:  ./kpool submit 5 3 -1 7 --wait     ./kpool status     ./kpool watch%n");
                } else {
                    out.printf("next:  export KPOOL_KAFKA_CONFIG=%s%n", clientFlags.substring(" --kafka-config ".length()));
                    out.printf("       ./kpool submit 5 3 -1 7 --wait     ./kpool status     ./kpool watch%n");
                }
                out.printf("stop:  Ctrl-C%n%n");
            } else if (!ready && System.nanoTime() > readyBy) {
                ready = true;
                out.printf("only %d of %d workers are up after %ds; see the logs%n", up.size(), workers,
                        READY_TIMEOUT.toSeconds());
            }
            List<String> down = new ArrayList<>();
            for (RoleProcess role : roles) {
                String news = role.keepAlive();
                if (news != null) {
                    out.println(news);
                    if (news.startsWith("restarted")) {
                        registry.counter("kpool.up.role.restarts", "kind", role.name()).increment();
                    }
                }
                if (!role.alive()) {
                    down.add(role.name());
                }
                if (role.gaveUp()) {
                    gaveUp = true;
                    stopping = true;
                }
            }
            notReady = !down.isEmpty() ? "the " + String.join(" and the ", down) + " is not running"
                    : up.size() < workers ? up.size() + " of " + workers + " workers are up" : null;
            out.flush();
        }
    }

    /** {@code /readyz}: every worker has come up, and the dispatcher and the supervisor run. */
    private Probe.Answer readiness() {
        String why = stopping ? "stopping" : notReady;
        return why == null ? Probe.Answer.ok(workers + " workers up, the dispatcher and the supervisor running")
                : Probe.Answer.failing(why);
    }

    private String bootstrapOf() {
        return bootstrap != null ? bootstrap : "localhost:" + kafkaPort;
    }

    private void stop() {
        stopping = true;
        EventFollower follower = events;
        if (follower != null) {
            follower.wakeup();
        }
    }

    private void shutDown(PrintWriter out, List<RoleProcess> roles, EmbeddedKafka kafka, Path runDir)
            throws InterruptedException {
        if (!roles.isEmpty()) {
            out.println("stopping: draining the dispatcher and the workers");
            out.flush();
        }
        for (int i = roles.size() - 1; i >= 0; i--) {
            roles.get(i).terminate();
        }
        Duration grace = supervision.shutdownGrace.plusSeconds(5);
        for (RoleProcess role : roles) {
            role.awaitExit(grace);
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (events != null) {
            for (int i = 0; i < 3; i++) {
                events.poll(Duration.ofMillis(300), event -> out.println(EventFormat.line(event)));
            }
            events.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (dataDir == null && runDir != null) {
            deleteQuietly(runDir);
        }
        out.println("stopped");
        out.flush();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
