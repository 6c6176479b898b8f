package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.testkit.TestClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * kpool's supervision answers OTP's: each scenario of {@code otp-oracle.csv} (real OTP 25
 * supervisors, recorded by {@code tools/otp-oracle/oracle.escript}) is replayed against
 * {@link Supervision}, and after every exit the children it terminated, the children it restarted,
 * whether it gave up and which children are alive must be OTP's. OTP has no backoff, so there is
 * none here; a terminated sibling is taken to end as soon as it is signalled.
 */
class OtpOracleTest {

    private static final SupervisorIdentity ID = new SupervisorIdentity("oracle", "host", 1);
    /** OTP's scenarios start 20 ms after a whole second. */
    private static final Instant START = Instant.parse("2026-01-01T00:00:00.020Z");

    record Row(String scenario, String strategy, List<String> types, int maxRestarts, int withinSeconds, long atMs,
               int child, String exit, List<Integer> terminated, List<Integer> restarted, boolean gaveUp,
               List<Integer> aliveAfter) {
    }

    @TestFactory
    Stream<DynamicTest> answersAsOtpsSupervisorDoes() throws IOException {
        Map<String, List<Row>> scenarios = new LinkedHashMap<>();
        for (Row row : rows()) {
            scenarios.computeIfAbsent(row.scenario(), k -> new ArrayList<>()).add(row);
        }
        assertThat(scenarios).hasSizeGreaterThan(50);
        return scenarios.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> replay(e.getValue())));
    }

    private static void replay(List<Row> steps) {
        Row first = steps.get(0);
        int n = first.types().size();
        RestartPolicy restart = RestartPolicy.ofDefaults()
                .withStrategy(Strategy.named("strategy", first.strategy()))
                .withIntensity(first.maxRestarts(), Duration.ofSeconds(first.withinSeconds()))
                .withBackoff(new Backoff(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 0));
        for (int i = 0; i < n; i++) {
            restart = restart.withRestart(i, RestartType.named("type", first.types().get(i)));
        }
        SupervisorPolicy policy = SupervisorPolicy.ofDefaults().withRestart(restart)
                .withHeartbeatTimeout(Duration.ofHours(1));
        TestClock clock = new TestClock(START);
        Supervision s = new Supervision(ID, IntStream.range(0, n).boxed().toList(), policy, clock, () -> 0.0);
        bringUp(s, s.start());

        for (Row step : steps) {
            clock.set(START.plusMillis(step.atMs()));
            String where = step.scenario() + " step at " + step.atMs() + " ms (" + step.exit() + " of " + step.child() + ")";
            List<Integer> terminated = new ArrayList<>();
            List<Integer> restarted = new ArrayList<>();
            List<SupervisorCommand> out = s.on(new SupervisorInput.Exited(step.child(), s.incarnation(step.child()),
                    new ExitStatus(step.exit().equals("normal") ? 0 : 1), null, List.of()));
            settle(s, out, terminated, restarted);

            assertThat(terminated).as(where + ": terminated").isEqualTo(step.terminated());
            assertThat(restarted).as(where + ": restarted").isEqualTo(step.restarted());
            assertThat(s.gaveUp()).as(where + ": gave up").isEqualTo(step.gaveUp());
            List<Integer> alive = IntStream.range(0, n).filter(i -> s.state(i).hasProcess()).boxed().toList();
            assertThat(alive).as(where + ": alive after").isEqualTo(step.aliveAfter());
        }
    }

    /** Carries out the commands: killed workers end, spawned ones come up; until nothing is left to do. */
    private static void settle(Supervision s, List<SupervisorCommand> out, List<Integer> terminated,
                               List<Integer> restarted) {
        List<SupervisorCommand> pending = new ArrayList<>(out);
        while (!pending.isEmpty()) {
            SupervisorCommand command = pending.remove(0);
            if (command instanceof SupervisorCommand.Kill kill && kill.signal() == Signal.TERM) {
                terminated.add(kill.slot());
                pending.addAll(s.on(new SupervisorInput.Exited(kill.slot(), kill.incarnation(), new ExitStatus(143),
                        null, List.of())));
            } else if (command instanceof SupervisorCommand.Spawn spawn) {
                restarted.add(spawn.slot());
                pending.addAll(s.on(new SupervisorInput.Spawned(spawn.slot(), spawn.incarnation(), 1000 + spawn.slot())));
                pending.addAll(s.on(new SupervisorInput.HeartbeatSeen(spawn.slot(), spawn.incarnation(), 0)));
            }
        }
    }

    private static void bringUp(Supervision s, List<SupervisorCommand> started) {
        settle(s, started, new ArrayList<>(), new ArrayList<>());
    }

    private static List<Row> rows() throws IOException {
        try (var in = OtpOracleTest.class.getResourceAsStream("/otp-oracle.csv");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).filter(l -> !l.isBlank()).map(OtpOracleTest::row).toList();
        }
    }

    private static Row row(String line) {
        String[] f = line.split(",", -1);
        return new Row(f[0], f[1].toLowerCase(Locale.ROOT), Arrays.asList(f[2].split("\\|")), Integer.parseInt(f[3]),
                Integer.parseInt(f[4]), Long.parseLong(f[6]), Integer.parseInt(f[7]), f[8], slots(f[9]), slots(f[10]),
                Boolean.parseBoolean(f[11]), slots(f[12]));
    }

    private static List<Integer> slots(String field) {
        return field.isEmpty() ? List.of()
                : Arrays.stream(field.split("\\|")).map(Integer::parseInt).collect(Collectors.toList());
    }
}
