package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.testkit.TestClock;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.SupervisorGaveUp;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerGaveUp;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.protocol.event.WorkerStopped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Strategies, restart types, intensity, job timeouts and recovery, as specifications. */
class StrategiesTest {

    private static final SupervisorIdentity ID = new SupervisorIdentity("sup", "host", 1);
    private static final Backoff NO_WAIT = new Backoff(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 0);

    private final TestClock clock = new TestClock();

    private SupervisorPolicy policy(RestartPolicy restart) {
        return SupervisorPolicy.ofDefaults().withRestart(restart.withBackoff(NO_WAIT))
                .withHeartbeatTimeout(Duration.ofHours(1));
    }

    private Supervision running(SupervisorPolicy policy, int n) {
        Supervision s = new Supervision(ID, IntStream.range(0, n).boxed().toList(), policy, clock, () -> 0.0);
        s.start();
        for (int slot = 0; slot < n; slot++) {
            s.on(new SupervisorInput.Spawned(slot, 1, 100 + slot));
            s.on(new SupervisorInput.HeartbeatSeen(slot, 1, 0));
        }
        return s;
    }

    private static SupervisorInput.Exited exit(Supervision s, int slot, int code) {
        return new SupervisorInput.Exited(slot, s.incarnation(slot), new ExitStatus(code), null, List.of());
    }

    private static <T extends SupervisorCommand> List<T> only(List<SupervisorCommand> commands, Class<T> type) {
        return commands.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<PoolEvent> events(List<SupervisorCommand> commands) {
        return only(commands, SupervisorCommand.Emit.class).stream().map(SupervisorCommand.Emit::event).toList();
    }

    private static List<Integer> spawned(List<SupervisorCommand> commands) {
        return only(commands, SupervisorCommand.Spawn.class).stream().map(SupervisorCommand.Spawn::slot).toList();
    }

    private static List<Integer> terminated(List<SupervisorCommand> commands) {
        return only(commands, SupervisorCommand.Kill.class).stream().map(SupervisorCommand.Kill::slot).toList();
    }

    @Test
    void oneForAllStopsEverySiblingInReverseOrderThenRestartsAllInStartOrder() {
        Supervision s = running(policy(RestartPolicy.oneForAll()), 4);

        List<SupervisorCommand> crash = s.on(exit(s, 1, 1));

        assertThat(terminated(crash)).containsExactly(3, 2, 0);
        assertThat(spawned(crash)).as("nothing starts before every sibling has ended").isEmpty();
        s.on(exit(s, 3, 143));
        s.on(exit(s, 2, 0));
        List<SupervisorCommand> last = s.on(exit(s, 0, 143));
        assertThat(spawned(last)).containsExactly(0, 1, 2, 3);
        assertThat(events(last)).singleElement().isInstanceOfSatisfying(WorkerStopped.class,
                e -> assertThat(e.reason()).isEqualTo("restart_group"));
        assertThat(List.of(0, 1, 2, 3)).allSatisfy(slot -> assertThat(s.restarts(slot)).isEqualTo(1));
    }

    @Test
    void restForOneRestartsTheCrashedWorkerAndThoseStartedAfterIt() {
        Supervision s = running(policy(RestartPolicy.restForOne()), 4);

        List<SupervisorCommand> crash = s.on(exit(s, 1, 1));
        assertThat(terminated(crash)).containsExactly(3, 2);
        s.on(exit(s, 3, 143));
        List<SupervisorCommand> last = s.on(exit(s, 2, 143));

        assertThat(spawned(last)).containsExactly(1, 2, 3);
        assertThat(s.state(0)).isEqualTo(SlotState.RUNNING);
        assertThat(s.incarnation(0)).isEqualTo(1);
    }

    @Test
    void restForOneOfTheLastWorkerRestartsItAlone() {
        Supervision s = running(policy(RestartPolicy.restForOne()), 3);

        List<SupervisorCommand> crash = s.on(exit(s, 2, 1));

        assertThat(terminated(crash)).isEmpty();
        assertThat(spawned(crash)).containsExactly(2);
    }

    @Test
    void aSiblingThatDoesNotStopIsKilledAfterTheGrace() {
        Supervision s = running(policy(RestartPolicy.oneForAll()), 2);
        s.on(exit(s, 0, 1));

        clock.advance(SupervisorPolicy.ofDefaults().shutdownGrace());
        List<SupervisorCommand> tick = s.on(new SupervisorInput.Tick());

        assertThat(only(tick, SupervisorCommand.Kill.class)).singleElement()
                .satisfies(k -> assertThat(k.signal()).isEqualTo(Signal.KILL));
        assertThat(spawned(s.on(exit(s, 1, 137)))).containsExactly(0, 1);
    }

    @Test
    void aTransientWorkerIsRestartedOnlyAfterAnAbnormalEnd() {
        Supervision s = running(policy(RestartPolicy.oneForOne().withRestart(RestartType.TRANSIENT)), 2);

        assertThat(spawned(s.on(exit(s, 0, 1)))).containsExactly(0);
        List<SupervisorCommand> normal = s.on(exit(s, 1, 0));

        assertThat(spawned(normal)).isEmpty();
        assertThat(events(normal)).singleElement().isInstanceOfSatisfying(WorkerStopped.class,
                e -> assertThat(e.reason()).isEqualTo("exited"));
        assertThat(s.state(1)).isEqualTo(SlotState.STOPPED);
        assertThat(s.status(1).alive()).isFalse();
        assertThat(only(normal, SupervisorCommand.Evacuate.class)).hasSize(1);
    }

    @Test
    void anEvacuationThatFailsIsRunAgainAfterTheBackoffUnderANewIncarnationUntilOneMovesTheTasks() {
        SupervisorPolicy temporary = policy(RestartPolicy.oneForOne().withRestart(RestartType.TEMPORARY));
        Supervision s = running(temporary.withRestart(temporary.restart().withBackoff(
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(10), 0))), 2);
        SupervisorCommand.Evacuate first = only(s.on(exit(s, 1, 1)), SupervisorCommand.Evacuate.class).get(0);

        List<SupervisorCommand> failed = s.on(new SupervisorInput.EvacuationEnded(1, first.incarnation(), false,
                "pid 7 ended with exit 1"));
        List<SupervisorCommand> tooSoon = s.on(new SupervisorInput.Tick());
        clock.advance(Duration.ofSeconds(1));
        List<SupervisorCommand> due = s.on(new SupervisorInput.Tick());

        assertThat(only(failed, SupervisorCommand.Evacuate.class)).isEmpty();
        assertThat(only(tooSoon, SupervisorCommand.Evacuate.class)).as("not before the backoff").isEmpty();
        SupervisorCommand.Evacuate second = only(due, SupervisorCommand.Evacuate.class).get(0);
        assertThat(second.slot()).isEqualTo(1);
        assertThat(second.incarnation()).as("a new incarnation fences the failed one").isGreaterThan(first.incarnation());
        assertThat(s.status(1).history()).anySatisfy(h -> assertThat(h.type()).isEqualTo("evacuation_failed"));

        s.on(new SupervisorInput.EvacuationEnded(1, second.incarnation(), true, "pid 8 ended with exit 0"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(only(s.on(new SupervisorInput.Tick()), SupervisorCommand.Evacuate.class)).as("moved: done").isEmpty();
        assertThat(s.status(1).history()).anySatisfy(h -> assertThat(h.type()).isEqualTo("evacuated"));
    }

    @Test
    void aTemporaryWorkerIsNeverRestartedNotEvenWithItsGroup() {
        Supervision s = running(policy(RestartPolicy.oneForAll().withRestart(RestartType.TEMPORARY)), 3);

        List<SupervisorCommand> crash = s.on(exit(s, 1, 1));

        assertThat(spawned(crash)).isEmpty();
        assertThat(terminated(crash)).as("no strategy action for a worker that is not restarted").isEmpty();
        assertThat(s.state(1)).isEqualTo(SlotState.STOPPED);
        assertThat(s.state(0)).isEqualTo(SlotState.RUNNING);
    }

    @Test
    void escalatesPastTheIntensityStoppingEveryWorker() {
        Supervision s = running(policy(RestartPolicy.oneForOne().withIntensity(2, Duration.ofSeconds(10))), 3);

        s.on(exit(s, 0, 1));
        s.on(exit(s, 0, 1));
        List<SupervisorCommand> third = s.on(exit(s, 0, 1));

        assertThat(events(third)).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(SupervisorGaveUp.class,
                g -> assertThat(g.maxRestarts()).isEqualTo(2)));
        assertThat(spawned(third)).isEmpty();
        assertThat(terminated(third)).containsExactly(2, 1);
        assertThat(s.gaveUp()).isTrue();
        assertThat(s.stopped()).isFalse();
        s.on(exit(s, 1, 0));
        s.on(exit(s, 2, 0));
        assertThat(s.stopped()).isTrue();
    }

    @Test
    void restartsSpreadBeyondTheWindowStayWithinTheIntensity() {
        Supervision s = running(policy(RestartPolicy.oneForOne().withIntensity(2, Duration.ofSeconds(10))), 1);

        for (int i = 0; i < 5; i++) {
            s.on(exit(s, 0, 1));
            clock.advance(Duration.ofSeconds(6));
        }

        assertThat(s.gaveUp()).isFalse();
        assertThat(s.restarts(0)).isEqualTo(5);
    }

    @Test
    void quarantineParksOnlyTheWorkerOverItsLimit() {
        Supervision s = running(policy(RestartPolicy.oneForOne().withIntensity(1, Duration.ofSeconds(10))
                .withOnLimit(OnLimit.QUARANTINE)), 2);

        s.on(exit(s, 0, 1));
        List<SupervisorCommand> second = s.on(exit(s, 0, 1));

        assertThat(events(second)).anySatisfy(e -> assertThat(e).isInstanceOf(WorkerGaveUp.class));
        assertThat(only(second, SupervisorCommand.Evacuate.class)).as("its queued tasks go to the others")
                .singleElement().satisfies(e -> assertThat(e.slot()).isZero());
        assertThat(s.state(0)).isEqualTo(SlotState.GAVE_UP);
        assertThat(s.status(0).alive()).isFalse();
        assertThat(s.status(0).state()).isEqualTo("gave_up");
        assertThat(s.gaveUp()).isFalse();
        assertThat(spawned(s.on(exit(s, 1, 1)))).as("its sibling has a limit of its own").containsExactly(1);
    }

    @Test
    void killsAWorkerWhoseJobRunsPastTheJobTimeout() {
        SupervisorPolicy limited = policy(RestartPolicy.oneForOne()).withJobTimeout(Duration.ofSeconds(2));
        Supervision s = running(limited, 1);
        long started = clock.instant().toEpochMilli();

        s.on(new SupervisorInput.HeartbeatSeen(0, 1, 5, started));
        clock.advance(Duration.ofMillis(2001));
        s.on(new SupervisorInput.HeartbeatSeen(0, 1, 5, started));
        List<SupervisorCommand> tick = s.on(new SupervisorInput.Tick());

        assertThat(only(tick, SupervisorCommand.Kill.class)).singleElement()
                .satisfies(k -> assertThat(k.signal()).isEqualTo(Signal.TERM));
        List<SupervisorCommand> died = s.on(exit(s, 0, 143));
        assertThat(events(died)).singleElement().isInstanceOfSatisfying(WorkerCrashed.class,
                e -> assertThat(e.reason()).isEqualTo("job_timeout"));
        assertThat(spawned(died)).containsExactly(0);
    }

    @Test
    void aRestartedSupervisorCarriesOnTheCountersHistoryAndSuspectsItFinds() {
        DeadLetter.Crash crash = new DeadLetter.Crash(4, 99, 1, null, 0, List.of("boom"));
        WorkerStatus previous = new WorkerStatus(0, "sup", "host", 7L, "running", true, 99L, 5, 3, 1, 10, 60_000, "exit 1",
                List.of(new WorkerStatus.HistoryEntry(0, "worker_crashed", "exit (exit 1)")),
                List.of(new WorkerStatus.Suspect(42, "j42", List.of(crash, crash), false)), 0);
        Supervision s = new Supervision(ID, List.of(0), Map.of(0, previous), policy(RestartPolicy.oneForOne()),
                clock, () -> 0.0);

        List<SupervisorCommand> start = s.start();
        s.on(new SupervisorInput.Spawned(0, 6, 123));
        List<SupervisorCommand> beat = s.on(new SupervisorInput.HeartbeatSeen(0, 6, 0));

        assertThat(only(start, SupervisorCommand.Spawn.class)).singleElement()
                .satisfies(spawn -> assertThat(spawn.incarnation()).isEqualTo(6));
        assertThat(events(beat)).singleElement().isInstanceOf(WorkerStarted.class);
        assertThat(s.restarts(0)).isEqualTo(3);
        assertThat(s.status(0).history()).extracting(WorkerStatus.HistoryEntry::type)
                .containsSubsequence("worker_started", "resumed", "worker_crashed");
        assertThat(s.crashesOf(0, 42)).isEqualTo(2);
    }
}
