package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * supervisor ({@link SupervisionLaunch}, {@link SupervisionOptions}). Every setting survives the trip.
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
        return parsed.subcommand().commandSpec().userObject();
    }
}
