package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.core.intake.IntakeLimits;
import io.kpool.core.supervision.Backoff;
import io.kpool.core.supervision.OnLimit;
import io.kpool.core.supervision.RestartPolicy;
import io.kpool.core.supervision.RestartType;
import io.kpool.core.supervision.SupervisorPolicy;
import io.kpool.supervisor.WorkerLaunch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command lines between kpool's processes, written by one side and read by the other's real
 * parser: a supervisor's worker ({@link WorkerArguments}, {@link RunWorker}) and {@code up}'s
 * supervisor ({@link SupervisorArguments}, {@link RunSupervisor}; its supervision: {@link SupervisionLaunch},
 * {@link SupervisionOptions}) and dispatcher ({@link DispatcherArguments}, {@link RunDispatcher}); the
 * bench's plain-pool member ({@link BenchMemberArguments}, {@link BenchMember}).
 * Every setting survives the trip.
 */
class LaunchArgumentsTest {

    private static final Path BOX = Path.of("/run/kpool/worker-3.blackbox");
    private static final Path POISON = Path.of("/run/kpool/worker-3.poison.json");

    static Stream<WorkerLaunch.Mode> modes() {
        return Stream.of(new WorkerLaunch.Run(3, 7, BOX, POISON), new WorkerLaunch.Run(0, 1, null, null),
                new WorkerLaunch.Spare(), new WorkerLaunch.Train(),
                new WorkerLaunch.Evacuate(5, 9, POISON, Duration.ofSeconds(6)),
                new WorkerLaunch.Evacuate(5, 9, null, Duration.ofMillis(1500)));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aWorkerReadsBackEverySettingItsSupervisorWrote(WorkerLaunch.Mode mode) {
        // Given a launch in which every setting differs from the worker's defaults
        WorkerLaunch launch = new WorkerLaunch("broker-a:9093,broker-b:9093", "shop", Path.of("/etc/kpool/worker.properties"),
                "exec:python3 double.py", Path.of("/etc/kpool/handlers.properties"), Duration.ofMillis(250), 8, mode,
                4242);

        // When the supervisor writes it and a worker reads it
        WorkerLaunch read = parseWorker(WorkerArguments.encode(launch)).launch();

        // Then the worker was asked exactly that
        assertThat(read).isEqualTo(launch);
    }

    @Test
    void aWorkerWithoutOptionalFilesIsAskedForNone() {
        WorkerLaunch launch = new WorkerLaunch("localhost:9092", "kpool", null, "double", null, Duration.ofMillis(500), 1,
                new WorkerLaunch.Run(0, 1, BOX, POISON), 0);

        List<String> args = WorkerArguments.encode(launch);

        assertThat(args).doesNotContain(WorkerArguments.HANDLERS_FILE, KafkaOptions.KAFKA_CONFIG);
        assertThat(parseWorker(args).launch()).isEqualTo(launch);
    }

    @Test
    void aWorkerWithNeitherSlotSpareNorTrainingIsRefusedNamingTheFlag() {
        RunWorker worker = parseWorker(List.of("worker"));

        assertThatThrownBy(worker::launch).hasMessage("--slot is required (unless --spare or --train)");
    }

    @Test
    void theSupervisorUpStartsReadsBackEverySettingUpChecked() {
        // Given supervision settings that differ from every default
        SupervisorPolicy policy = SupervisorPolicy.ofDefaults()
                .withRestart(RestartPolicy.restForOne()
                        .withRestart(RestartType.TRANSIENT)
                        .withIntensity(4, Duration.ofSeconds(90))
                        .withOnLimit(OnLimit.QUARANTINE)
                        .withBackoff(Backoff.ofDefaults().withRange(Duration.ofMillis(250), Duration.ofMinutes(2))))
                .withHeartbeatTimeout(Duration.ofSeconds(7))
                .withStartTimeout(Duration.ofSeconds(45))
                .withJobTimeout(Duration.ofMinutes(3))
                .withShutdownGrace(Duration.ofSeconds(12))
                .withMaxAttempts(5)
                .withHistorySize(40);
        SupervisionLaunch launch = new SupervisionLaunch(policy, 2, "sleep", Path.of("/etc/kpool/handlers.properties"),
                6, Duration.ofMillis(750));

        // When up writes them and the supervisor reads them
        SupervisionLaunch read = parseSupervisor(launch.arguments()).launch();

        // Then the supervisor works by exactly those
        assertThat(read).isEqualTo(launch);
    }

    @Test
    void theSupervisorUpStartsWithoutAHandlersFileGetsNone() {
        SupervisionLaunch launch = new SupervisionLaunch(SupervisorPolicy.ofDefaults(), 0, "double", null, 1,
                Duration.ofMillis(500));

        assertThat(launch.arguments()).doesNotContain(SupervisionOptions.HANDLERS_FILE);
        assertThat(parseSupervisor(launch.arguments()).launch()).isEqualTo(launch);
    }

    @Test
    void aPolicyNoFlagCanSayIsNotPassedOnHalfSaid() {
        SupervisorPolicy policy = SupervisorPolicy.ofDefaults()
                .withRestart(RestartPolicy.ofDefaults().withRestart(2, RestartType.TEMPORARY));
        SupervisionLaunch launch = new SupervisionLaunch(policy, 0, "double", null, 1, Duration.ofMillis(500));

        assertThatThrownBy(launch::arguments).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDispatcherUpStartsReadsBackEverySettingUpWrote() {
        // Given a dispatcher launch in which every setting differs from the dispatcher's defaults
        DispatcherLaunch launch = new DispatcherLaunch("broker-a:9093", "shop", Path.of("/etc/kpool/dispatcher.properties"),
                "local", "exec:python3 double.py", Path.of("/etc/kpool/handlers.properties"), Duration.ofSeconds(7),
                "least-busy", new IntakeLimits(4096, 32), Duration.ofMinutes(3), 8081, 4242);

        // When up writes it and a dispatcher reads it
        DispatcherLaunch read = ((RunDispatcher) subcommand(DispatcherArguments.encode(launch))).launch();

        // Then the dispatcher was asked exactly that
        assertThat(read).isEqualTo(launch);
    }

    @Test
    void aDispatcherWithoutOptionalSettingsIsAskedForNone() {
        DispatcherLaunch launch = new DispatcherLaunch("localhost:9092", "kpool", null, null, "double", null,
                Duration.ofSeconds(2), "round-robin", IntakeLimits.ofDefaults(), Duration.ofMinutes(10), null, 0);

        List<String> args = DispatcherArguments.encode(launch);

        assertThat(args).doesNotContain(DispatcherArguments.ID, DispatcherArguments.HANDLERS_FILE,
                KafkaOptions.KAFKA_CONFIG, RoleOptions.HTTP_PORT);
        assertThat(((RunDispatcher) subcommand(args)).launch()).isEqualTo(launch);
    }

    @Test
    void theSupervisorProcessUpStartsReadsBackEverySettingUpWrote() {
        // Given a supervisor launch in which every setting differs from the supervisor's defaults
        SupervisionLaunch supervision = new SupervisionLaunch(SupervisorPolicy.ofDefaults().withMaxAttempts(5), 1,
                "sleep", Path.of("/etc/kpool/handlers.properties"), 3, Duration.ofMillis(250));
        SupervisorLaunch launch = new SupervisorLaunch("broker-a:9093", "shop", Path.of("/etc/kpool/supervisor.properties"),
                Path.of("/etc/kpool/worker.properties"), 6, "local", Path.of("/var/run/kpool"), 8082, 4242, supervision);

        // When up writes it and a supervisor reads it
        SupervisorLaunch read = ((RunSupervisor) subcommand(SupervisorArguments.encode(launch))).launch();

        // Then the supervisor was asked exactly that
        assertThat(read).isEqualTo(launch);
    }

    @Test
    void aSupervisorWithoutOptionalSettingsIsAskedForNone() {
        SupervisorLaunch launch = new SupervisorLaunch("localhost:9092", "kpool", null, null, 4, null, null, null, 0,
                new SupervisionLaunch(SupervisorPolicy.ofDefaults(), 0, "double", null, 1, Duration.ofMillis(500)));

        List<String> args = SupervisorArguments.encode(launch);

        assertThat(args).doesNotContain(SupervisorArguments.NAME, SupervisorArguments.RUN_DIR, RoleOptions.HTTP_PORT,
                KafkaOptions.KAFKA_CONFIG, SupervisorArguments.WORKER_KAFKA_CONFIG);
        assertThat(((RunSupervisor) subcommand(args)).launch()).isEqualTo(launch);
    }

    @Test
    void upWritesTheDispatchersCommandLineItAlwaysWrote() {
        DispatcherLaunch launch = new DispatcherLaunch("localhost:9092", "kpool", Path.of("/k/dispatcher.properties"),
                "local", "double", Path.of("/h/handlers.properties"), Duration.ofSeconds(2), "round-robin",
                new IntakeLimits(1048576, 256), Duration.ofMinutes(10), 8081, 77);

        assertThat(DispatcherArguments.encode(launch)).containsExactly("dispatcher", "--id", "local", "--handler",
                "double", "--heartbeat-timeout", "2s", "--http-port", "8081", "--bootstrap", "localhost:9092", "--prefix",
                "kpool", "--parent-pid", "77", "--dispatch", "round-robin", "--max-job-bytes", "1048576",
                "--max-id-length", "256", "--dedupe-window", "10m", "--kafka-config", "/k/dispatcher.properties",
                "--handlers-file", "/h/handlers.properties");
    }

    @Test
    void upWritesTheSupervisorsCommandLineItAlwaysWrote() {
        SupervisionLaunch supervision = new SupervisionLaunch(SupervisorPolicy.ofDefaults(), 0, "double", null, 1,
                Duration.ofMillis(500));
        SupervisorLaunch launch = new SupervisorLaunch("localhost:9092", "kpool", Path.of("/k/supervisor.properties"),
                Path.of("/k/worker.properties"), 4, "local", Path.of("/tmp/run"), 8082, 77, supervision);

        List<String> expected = new java.util.ArrayList<>(List.of("supervisor", "--workers", "4", "--name", "local",
                "--run-dir", "/tmp/run", "--http-port", "8082", "--bootstrap", "localhost:9092", "--prefix", "kpool",
                "--parent-pid", "77"));
        expected.addAll(supervision.arguments());
        expected.addAll(List.of("--kafka-config", "/k/supervisor.properties", "--worker-kafka-config",
                "/k/worker.properties"));
        assertThat(SupervisorArguments.encode(launch)).containsExactlyElementsOf(expected);
    }

    @Test
    void aBenchMemberReadsBackEverySettingTheBenchWrote() {
        // Given a member launch in which every setting differs from the member's defaults
        BenchMemberLaunch launch = new BenchMemberLaunch("broker-a:9093", Path.of("/etc/kpool/bench.properties"),
                "peer-in", "peer-out", "peer-group", "member-2", "sleep", 4242);

        // When the bench writes it and a member reads it
        BenchMemberLaunch read = ((BenchMember) subcommand(BenchMemberArguments.encode(launch))).launch();

        // Then the member was asked exactly that
        assertThat(read).isEqualTo(launch);
    }

    @Test
    void aBenchMemberWithoutOptionalSettingsIsAskedForNone() {
        BenchMemberLaunch launch = new BenchMemberLaunch("localhost:9092", null, "in", "out", "group", null, null, 0);

        List<String> args = BenchMemberArguments.encode(launch);

        assertThat(args).containsExactly("bench", "member", "--bootstrap", "localhost:9092", "--input", "in", "--output",
                "out", "--group", "group", "--parent-pid", "0");
        assertThat(((BenchMember) subcommand(args)).launch()).as("asked for no handler, it runs its default")
                .isEqualTo(new BenchMemberLaunch("localhost:9092", null, "in", "out", "group", null, "double", 0));
    }

    private static RunWorker parseWorker(List<String> args) {
        return (RunWorker) subcommand(args);
    }

    private static SupervisionOptions parseSupervisor(List<String> args) {
        List<String> withCommand = new java.util.ArrayList<>(List.of("supervisor"));
        withCommand.addAll(args);
        return ((RunSupervisor) subcommand(withCommand)).supervision;
    }

    /** Parsed as {@code kpool} parses, defaults from no environment. */
    private static Object subcommand(List<String> args) {
        CommandLine.ParseResult parsed = Kpool.commandLine(Map.of()).parseArgs(args.toArray(String[]::new));
        while (parsed.subcommand().hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed.subcommand().commandSpec().userObject();
    }
}
