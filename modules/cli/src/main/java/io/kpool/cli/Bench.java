package io.kpool.cli;

import io.kpool.bench.BenchEnvironment;
import io.kpool.bench.BenchReport;
import io.kpool.bench.BenchRun;
import io.kpool.bench.ReportWriter;
import io.kpool.core.config.ConfigException;
import io.kpool.transport.KafkaProbe;
import io.kpool.transport.KafkaSettings;
import io.kpool.protocol.Topics;
import io.kpool.transport.security.ClientProperties;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kpool bench}: kpool against Kafka itself and against a plain consumer-group pool, side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchFailover.class, BenchLatency.class, BenchDelay.class, BenchMember.class},
        description = {"Measure, in one run on one broker: the ceiling (raw Kafka: a producer-to-consumer hop and a "
                + "transactional read-process-write loop; a dispatcher's transaction committed the three ways it could be), kpool end to end with 1, 2 and 4 workers (exactly-once), its "
                + "latency at 1,000 jobs/s, its failover (cold and with a spare), the memory of each process, and the "
                + "plain pool users would write instead (K workers in one consumer group, with transactions), with its "
                + "failover (default settings and static membership); and two scenarios on both pools with the same "
                + "jobs: skewed job times (99 %% 1 ms, 1 %% 200 ms; kpool with least-busy dispatch), and poison jobs "
                + "(one in 10,000 crashes the handler). Writes bench.md, bench.json (with the ratio of each kpool "
                + "figure to its plain-pool peer) and bench.svg.",
                "Figures, never pass/fail. Takes about 6 to 11 minutes; --quick a few."})
final class Bench implements Callable<Integer>, KafkaCommand {

    @Option(names = "--quick", description = "A short smoke run: small counts, no spare, no plain-pool failover, tiny scenarios.")
    boolean quick;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Measure on this Kafka (default: start a broker of its own).")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "With --bootstrap: " + KafkaOptions.KAFKA_CONFIG_HELP + " The bench runs every role and "
                    + "creates topics, so give it an operator's principal (default: none).")
    Path kafkaConfig;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private KafkaSettings settings;

    Bench() {
        this(System.getenv());
    }

    Bench(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        requireWritable(out);
        if (kafkaConfig != null && bootstrap == null) {
            throw new ConfigException("--kafka-config", "is for the Kafka of --bootstrap; the bench's own broker is plain");
        }
        ClientProperties client = kafkaConfig == null ? ClientProperties.none()
                : ClientProperties.load("--kafka-config", kafkaConfig);
        Path work = Files.createTempDirectory("kpool-bench-");
        Process broker = null;
        try {
            String address = bootstrap;
            if (address == null) {
                int port = freePort();
                Path log = work.resolve("broker.log");
                broker = new ProcessBuilder(brokerCommand(port, work)).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                address = "localhost:" + port;
                awaitBroker(broker, log);
            }
            settings = new KafkaSettings(address, Topics.ofDefaults(), client);
            KafkaProbe.requireReachable(settings, KafkaProbe.PATIENCE);
            BenchEnvironment environment = new BenchEnvironment(address,
                    SelfLauncher.command(env.getOrDefault("KPOOL_JAVA_OPTS", SelfLauncher.DEFAULT_ROLE_JAVA_OPTS)),
                    work, quick, client, new BenchLaunches(env));
            BenchReport report = BenchRun.run(environment, broker == null ? -1 : broker.pid(), step -> {
                err.println("bench: " + step);
                err.flush();
            });
            String markdown = ReportWriter.write(report, out);
            PrintWriter printed = spec.commandLine().getOut();
            printed.print(markdown);
            printed.printf("%nwritten: %s, %s, %s%n", out.resolve("bench.md"), out.resolve("bench.json"),
                    out.resolve("bench.svg"));
            printed.flush();
            return 0;
        } finally {
            if (broker != null) {
                broker.destroy();
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroyForcibly();
                }
            }
            deleteQuietly(work);
        }
    }

    @Override
    public KafkaSettings kafkaSettings() {
        return settings;
    }

    /** Fails at once, naming --out, rather than after minutes of measuring. */
    private static void requireWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(Files.createTempFile(dir, ".kpool-bench-", ".probe"));
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            throw new ConfigException("--out", "must be a directory the bench can write, but '" + dir + "' is not: "
                    + why);
        }
    }

    private List<String> brokerCommand(int port, Path work) {
        List<String> command = SelfLauncher.command(env.getOrDefault("KPOOL_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC"));
        command.addAll(List.of("broker", "--kafka-port", String.valueOf(port), "--data-dir",
                work.resolve("kafka").toString(), "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        return command;
    }

    private static void awaitBroker(Process broker, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("the bench's broker did not start: " + Files.readString(log));
            }
            if (Files.exists(log) && Files.readString(log).contains("kafka      ")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the bench's broker did not start within 90 s; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
