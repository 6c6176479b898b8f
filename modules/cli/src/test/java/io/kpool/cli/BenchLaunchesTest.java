package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.bench.RoleLaunches;
import io.kpool.core.supervision.SupervisorPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command lines of the processes {@code kpool bench} starts ({@link BenchLaunches}), read by each
 * role's real parser: every setting the bench asks for survives the trip, what it does not set is the
 * role's default, and each means what the bench's command line written by hand meant before.
 */
class BenchLaunchesTest {

    private static final Path KAFKA = Path.of("/etc/kpool/bench.properties");
    private static final Path RUN = Path.of("/tmp/kpool-bench-1/bench-1a2b3c4d");

    private final BenchLaunches launches = new BenchLaunches(Map.of());

    @Test
    void theSupervisorReadsBackWhatTheBenchAskedForAndTheRolesDefaults() {
        // Given the bench asks for a supervisor of 4 workers with a spare
        RoleLaunches.Supervisor asked = new RoleLaunches.Supervisor("localhost:9092", "bench-1a2b3c4d", KAFKA, 4,
                "bench", RUN, 77, List.of("--spares", "1"));

        // When its command line is written and the supervisor reads it
        SupervisorLaunch read = ((RunSupervisor) parse(launches.supervisor(asked))).launch();

        // Then it is asked for exactly that, and for the supervisor's defaults otherwise
        assertThat(read).isEqualTo(new SupervisorLaunch("localhost:9092", "bench-1a2b3c4d", KAFKA, null, 4, "bench", RUN,
                null, 77, new SupervisionLaunch(SupervisorPolicy.ofDefaults(), 1, "double", null, 1,
                Duration.ofMillis(500))));
        assertThat(read).isEqualTo(((RunSupervisor) parse(List.of("supervisor", "--bootstrap", "localhost:9092",
                "--prefix", "bench-1a2b3c4d", "--workers", "4", "--name", "bench", "--parent-pid", "77", "--run-dir",
                RUN.toString(), "--spares", "1", "--kafka-config", KAFKA.toString()))).launch());
    }

    @Test
    void theDispatcherReadsBackWhatTheBenchAskedForAndTheRolesDefaults() {
        RoleLaunches.Dispatcher asked = new RoleLaunches.Dispatcher("localhost:9092", "bench-1a2b3c4d", null,
                "bench-1a2b3c4d", 77, List.of("--dispatch", "least-busy"));

        DispatcherLaunch read = ((RunDispatcher) parse(launches.dispatcher(asked))).launch();

        assertThat(read).isEqualTo(launches.dispatcherLaunch(asked));
        assertThat(read.strategy()).isEqualTo("least-busy");
        assertThat(read).isEqualTo(((RunDispatcher) parse(List.of("dispatcher", "--bootstrap", "localhost:9092",
                "--prefix", "bench-1a2b3c4d", "--id", "bench-1a2b3c4d", "--parent-pid", "77", "--dispatch",
                "least-busy"))).launch());
    }

    @Test
    void aPlainPoolMemberReadsBackWhatTheBenchAskedFor() {
        RoleLaunches.Member asked = new RoleLaunches.Member("localhost:9092", KAFKA, "peer-in", "peer-out", "peer-group",
                "member-1", 77, List.of("--handler", "sleep"));

        BenchMemberLaunch read = ((BenchMember) parse(launches.member(asked))).launch();

        assertThat(read).isEqualTo(new BenchMemberLaunch("localhost:9092", KAFKA, "peer-in", "peer-out", "peer-group",
                "member-1", "sleep", 77));
        assertThat(read).isEqualTo(((BenchMember) parse(List.of("bench", "member", "--bootstrap", "localhost:9092",
                "--input", "peer-in", "--output", "peer-out", "--group", "peer-group", "--parent-pid", "77",
                "--static-id", "member-1", "--handler", "sleep", "--kafka-config", KAFKA.toString()))).launch());
    }

    @Test
    void aDynamicMemberWithoutExtraOptionsRunsTheMembersDefaultHandler() {
        RoleLaunches.Member asked = new RoleLaunches.Member("localhost:9092", null, "peer-in", "peer-out", "peer-group",
                null, 77, List.of());

        BenchMemberLaunch read = ((BenchMember) parse(launches.member(asked))).launch();

        assertThat(read).isEqualTo(((BenchMember) parse(List.of("bench", "member", "--bootstrap", "localhost:9092",
                "--input", "peer-in", "--output", "peer-out", "--group", "peer-group", "--parent-pid", "77"))).launch());
        assertThat(read.staticId()).isNull();
    }

    @Test
    void aDynamicMemberStaysDynamicWhereTheEnvironmentNamesAStaticId() {
        BenchLaunches inEnvironment = new BenchLaunches(Map.of("KPOOL_STATIC_ID", "kpool-7"));

        List<String> args = inEnvironment.member(new RoleLaunches.Member("localhost:9092", null, "peer-in", "peer-out",
                "peer-group", null, 77, List.of()));

        assertThat(((BenchMember) parse(args)).launch().staticId()).isNull();
    }

    @Test
    void whatTheRoleWouldTakeFromTheEnvironmentIsWrittenOut() {
        // Given the bench runs where KPOOL_MAX_ATTEMPTS says 5, which its processes inherit
        BenchLaunches inEnvironment = new BenchLaunches(Map.of("KPOOL_MAX_ATTEMPTS", "5", "KPOOL_DISPATCH", "least-busy"));

        // When it writes its processes' command lines
        List<String> supervisor = inEnvironment.supervisor(new RoleLaunches.Supervisor("localhost:9092", "p", null, 2,
                "bench", RUN, 77, List.of()));
        List<String> dispatcher = inEnvironment.dispatcher(new RoleLaunches.Dispatcher("localhost:9092", "p", null, "p",
                77, List.of()));

        // Then they say so themselves
        assertThat(((RunSupervisor) parse(supervisor)).launch().supervision().policy().maxAttempts()).isEqualTo(5);
        assertThat(((RunDispatcher) parse(dispatcher)).launch().strategy()).isEqualTo("least-busy");
    }

    @Test
    void anOptionTheLaunchDoesNotCarryIsRefusedRatherThanDropped() {
        assertThatThrownBy(() -> launches.supervisor(new RoleLaunches.Supervisor("localhost:9092", "p", null, 4, "bench",
                RUN, 77, List.of("--slots", "0-3"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--slots");
        assertThatThrownBy(() -> launches.dispatcher(new RoleLaunches.Dispatcher("localhost:9092", "p", null, "p", 77,
                List.of("--http-port", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--http-port");
    }

    @Test
    void anOptionThatSaysAgainWhatTheBenchSetIsRefused() {
        assertThatThrownBy(() -> launches.supervisor(new RoleLaunches.Supervisor("localhost:9092", "p", null, 4, "bench",
                RUN, 77, List.of("--workers", "2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--workers");
        assertThatThrownBy(() -> launches.member(new RoleLaunches.Member("localhost:9092", null, "in", "out", "g", null,
                77, List.of("--group", "other"))))
                .isInstanceOf(CommandLine.OverwrittenOptionException.class);
    }

    /** Parsed as {@code kpool} parses, defaults from no environment. */
    private static Object parse(List<String> args) {
        CommandLine.ParseResult parsed = Kpool.commandLine(Map.of()).parseArgs(args.toArray(String[]::new));
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return parsed.commandSpec().userObject();
    }
}
