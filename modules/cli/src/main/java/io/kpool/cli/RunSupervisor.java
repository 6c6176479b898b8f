package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Slots;
import io.kpool.observe.OpsServer;
import io.kpool.supervisor.Supervisor;
import io.kpool.supervisor.SupervisorConfig;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.TopicLayout;
import io.kpool.transport.local.ProcessLifecycle;
import io.kpool.transport.security.ClientProperties;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool supervisor}: start and keep alive the workers of a set of slots. */
@Command(name = SupervisorArguments.COMMAND, mixinStandardHelpOptions = true,
        description = {"Run a supervisor: start one worker process per slot, restart each one that crashes or "
                + "stops heartbeating (one_for_one), dead-letter a job that keeps crashing its worker.",
                "SIGTERM: drain every worker, exit 0."})
final class RunSupervisor implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    SupervisionOptions supervision;

    @Mixin
    TopicOptions topicOptions;

    @Option(names = SupervisorArguments.WORKERS, paramLabel = "N", defaultValue = "4",
            description = "How many workers to supervise: slots 0..N-1, or N per replica with --ordinal; "
                    + "--slots says which instead (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--slots", paramLabel = "LIST",
            description = "The slots to supervise, e.g. 0-3 or 4-7 or 0,2,5-7: several supervisors (one per host, "
                    + "say) each own a disjoint range; a slot a live supervisor owns is refused.")
    String slotList;

    @Option(names = "--ordinal", paramLabel = "N|POD-NAME",
            description = "Supervise the slot range of replica N of identical supervisors: N*W..N*W+W-1 for "
                    + "--workers W. N is a StatefulSet ordinal, or a pod name that ends in one (kpool-supervisor-1 "
                    + "owns 2-3 with --workers 2). Not with --slots.")
    String ordinal;

    @Option(names = SupervisorArguments.NAME, paramLabel = "NAME",
            description = "The supervisor's name in slot states and events (default: the host name).")
    String name;

    @Option(names = "--class-data-dir", paramLabel = "DIR",
            description = "Where the workers' class-data archive is kept (made once, it roughly halves a worker's "
                    + "start); 'none' to go without (default: kpool-cds in the JVM's temporary directory, java.io.tmpdir).")
    String classDataDir;

    @Option(names = SupervisorArguments.RUN_DIR, paramLabel = "DIR",
            description = "Where worker logs (rolled at 5 MiB, one older file kept; every line also goes to this "
                    + "process's output, tagged [worker N]) and black boxes go (default: a new temporary directory).")
    Path runDir;

    @Option(names = SupervisorArguments.WORKER_KAFKA_CONFIG, paramLabel = "FILE",
            description = "Kafka client properties for the worker processes (and spares) this supervisor starts, "
                    + "when they run as another principal than the supervisor; they get its path, never its contents "
                    + "(default: the supervisor's --kafka-config). Evacuations run with the supervisor's.")
    Path workerKafkaConfig;

    @Mixin
    RoleOptions role;

    private final Map<String, String> env;

    RunSupervisor() {
        this(System.getenv());
    }

    RunSupervisor(Map<String, String> env) {
        this.env = env;
    }

    /**
     * What this process is asked to do, read from its command line: the other side of
     * {@link SupervisorArguments#encode}.
     */
    SupervisorLaunch launch() {
        return new SupervisorLaunch(kafka.bootstrap, kafka.prefix, kafka.kafkaConfig, workerKafkaConfig, workers, name,
                runDir, role.httpPort, role.parentPid, supervision.launch());
    }

    @Override
    public Integer call() throws Exception {
        List<Integer> slots = slots();
        TopicLayout layout = topicOptions.layout(slots.stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
        Path dir = runDir != null ? runDir : Files.createTempDirectory("kpool-supervisor-");
        String javaOpts = env.getOrDefault("KPOOL_WORKER_JAVA_OPTS", SelfLauncher.DEFAULT_WORKER_JAVA_OPTS);
        SupervisionLaunch launch = supervision.launch();
        SupervisorConfig config = new SupervisorConfig(kafka.settings(), name != null ? name : hostName(), slots,
                launch.policy(), launch.handler(), supervision.handlers(), launch.heartbeatInterval(), dir,
                SelfLauncher.command(javaOpts), WorkerArguments::encode, role.parentPid, role.healthFile, launch.spares(),
                classData(), workerKafkaConfig(), launch.concurrency());
        ProcessLifecycle.exitWithParent(role.parentPid);
        try (TopicAdmin admin = new TopicAdmin(config.kafka())) {
            admin.ensure(layout, Duration.ofSeconds(60));
        }
        PrometheusMeterRegistry registry = RoleOptions.registry("supervisor", kafka);
        Supervisor supervisor = new Supervisor(config, registry);
        try (OpsServer ops = role.serve("supervisor", registry, supervisor.liveness(), supervisor.readiness())) {
            ProcessLifecycle.onTermination(supervisor::stop, role.parentPid);
            return supervisor.run() ? Kpool.GAVE_UP : 0;
        } finally {
            supervisor.close();
        }
    }

    /** The slots to supervise: {@code --slots}, the range of {@code --ordinal}, or {@code 0..--workers-1}. */
    private List<Integer> slots() {
        int perReplica = topicOptions.layout(workers).slots();
        if (ordinal != null && slotList != null) {
            throw new ConfigException("--ordinal", "cannot be combined with --slots (or KPOOL_ORDINAL with KPOOL_SLOTS): "
                    + "--ordinal '" + ordinal + "' and --slots '" + slotList + "' both say which slots to supervise");
        }
        if (ordinal != null) {
            return Slots.ofOrdinal("--ordinal", ordinal, perReplica, TopicLayout.MAX_SLOTS - 1);
        }
        if (slotList != null) {
            return Slots.parse("--slots", slotList, TopicLayout.MAX_SLOTS - 1);
        }
        return IntStream.range(0, perReplica).boxed().toList();
    }

    /** The workers' properties file, checked here once rather than by each worker. */
    private Path workerKafkaConfig() {
        if (workerKafkaConfig == null) {
            return null;
        }
        return ClientProperties.load(SupervisorArguments.WORKER_KAFKA_CONFIG, workerKafkaConfig).file().orElseThrow();
    }

    private Path classData() {
        if ("none".equals(classDataDir)) {
            return null;
        }
        return classDataDir != null ? Path.of(classDataDir) : Path.of(System.getProperty("java.io.tmpdir"), "kpool-cds");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "supervisor";
        }
    }
}
