package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.testkit.TestClock;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.protocol.event.WorkerStopped;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisionTest {

    private static final SupervisorIdentity ID = new SupervisorIdentity("sup", "host", 1);

    private final TestClock clock = new TestClock();
    private final SupervisorPolicy policy = SupervisorPolicy.ofDefaults();

    private Supervision supervise(SupervisorPolicy p, int slots) {
        Supervision s = new Supervision(ID, java.util.stream.IntStream.range(0, slots).boxed().toList(), p, clock,
                () -> 0.0);
        s.start();
        for (int slot = 0; slot < slots; slot++) {
            s.on(new SupervisorInput.Spawned(slot, 1, 100 + slot));
            s.on(new SupervisorInput.HeartbeatSeen(slot, 1, 0));
        }
        return s;
    }

    private static List<PoolEvent> events(List<SupervisorCommand> commands) {
        return commands.stream().filter(SupervisorCommand.Emit.class::isInstance)
                .map(c -> ((SupervisorCommand.Emit) c).event()).toList();
    }

    private static <T extends SupervisorCommand> List<T> only(List<SupervisorCommand> commands, Class<T> type) {
        return commands.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static SupervisorInput.Exited exit(int slot, long incarnation, int code, Culprit culprit) {
        return new SupervisorInput.Exited(slot, incarnation, new ExitStatus(code), culprit, List.of("boom"));
    }

    @Test
    void startsOneWorkerPerSlotAndAnnouncesEachOnItsFirstHeartbeat() {
        Supervision s = new Supervision(ID, List.of(0, 1), policy, clock, () -> 0.0);

        List<SupervisorCommand> started = s.start();
        s.on(new SupervisorInput.Spawned(0, 1, 42));
        List<SupervisorCommand> firstBeat = s.on(new SupervisorInput.HeartbeatSeen(0, 1, 0));

        assertThat(only(started, SupervisorCommand.Spawn.class)).extracting(SupervisorCommand.Spawn::slot)
                .containsExactly(0, 1);
        assertThat(events(firstBeat)).singleElement().isInstanceOfSatisfying(WorkerStarted.class,
                e -> assertThat(e.pid()).isEqualTo(42));
        assertThat(s.status(0).alive()).isTrue();
        assertThat(s.status(1).alive()).as("no heartbeat yet").isFalse();
    }

    @Test
    void restartsOnlyTheCrashedWorkerUnderOneForOne() {
        Supervision s = supervise(policy, 3);

        List<SupervisorCommand> out = s.on(exit(1, 1, 1, null));

        assertThat(events(out)).singleElement().isInstanceOfSatisfying(WorkerCrashed.class, e -> {
            assertThat(e.workerId()).isEqualTo(1);
            assertThat(e.reason()).isEqualTo("exit");
            assertThat(e.exitCode()).isEqualTo(1);
        });
        assertThat(only(out, SupervisorCommand.Spawn.class)).singleElement()
                .satisfies(spawn -> assertThat(spawn.slot()).isEqualTo(1))
                .satisfies(spawn -> assertThat(spawn.incarnation()).isEqualTo(2));
        assertThat(only(out, SupervisorCommand.Kill.class)).isEmpty();
        assertThat(s.state(0)).isEqualTo(SlotState.RUNNING);
        assertThat(s.state(2)).isEqualTo(SlotState.RUNNING);
    }

    @Test
    void announcesTheRestartWithItsDowntimeWhenTheNewIncarnationBeats() {
        Supervision s = supervise(policy, 1);
        s.on(exit(0, 1, 1, null));
        s.on(new SupervisorInput.Spawned(0, 2, 200));
        clock.advanceMillis(400);

        List<SupervisorCommand> out = s.on(new SupervisorInput.HeartbeatSeen(0, 2, 0));

        assertThat(events(out)).singleElement().isInstanceOfSatisfying(WorkerRestarted.class, e -> {
            assertThat(e.incarnation()).isEqualTo(2);
            assertThat(e.restarts()).isEqualTo(1);
            assertThat(e.downtimeMs()).isEqualTo(400);
        });
    }

    @Test
    void namesTheSignalThatKilledAWorker() {
        Supervision s = supervise(policy, 1);

        List<SupervisorCommand> out = s.on(exit(0, 1, 128 + 9, null));

        assertThat(events(out)).singleElement().isInstanceOfSatisfying(WorkerCrashed.class, e -> {
            assertThat(e.reason()).isEqualTo("signal");
            assertThat(e.signal()).isEqualTo("KILL");
            assertThat(e.exitCode()).isNull();
        });
    }

    @Test
    void ignoresNewsOfAnOlderIncarnation() {
        Supervision s = supervise(policy, 1);
        s.on(exit(0, 1, 1, null));

        List<SupervisorCommand> late = s.on(exit(0, 1, 1, null));

        assertThat(late).isEmpty();
        assertThat(s.incarnation(0)).isEqualTo(2);
    }

    @Test
    void killsAndRestartsAWorkerWhoseHeartbeatsStop() {
        SupervisorPolicy policy = this.policy.withShutdownGrace(Duration.ofSeconds(1));
        Supervision s = supervise(policy, 2);

        clock.advance(Duration.ofSeconds(2));
        s.on(new SupervisorInput.HeartbeatSeen(1, 1, 0));
        clock.advance(Duration.ofMillis(1001));
        List<SupervisorCommand> tick = s.on(new SupervisorInput.Tick());

        assertThat(only(tick, SupervisorCommand.Kill.class)).singleElement()
                .satisfies(k -> assertThat(k.slot()).isZero())
                .satisfies(k -> assertThat(k.signal()).isEqualTo(Signal.TERM));

        clock.advance(policy.shutdownGrace());
        List<SupervisorCommand> later = s.on(new SupervisorInput.Tick());
        assertThat(only(later, SupervisorCommand.Kill.class)).singleElement()
                .satisfies(k -> assertThat(k.signal()).isEqualTo(Signal.KILL));

        List<SupervisorCommand> died = s.on(exit(0, 1, 128 + 9, null));
        assertThat(events(died)).singleElement().isInstanceOfSatisfying(WorkerCrashed.class,
                e -> assertThat(e.reason()).isEqualTo("heartbeat_timeout"));
        assertThat(only(died, SupervisorCommand.Spawn.class)).hasSize(1);
        assertThat(s.state(1)).isEqualTo(SlotState.RUNNING);
    }

    @Test
    void aWorkerThatBeatsLocallyIsNotKilledWhileKafkaIsAway() {
        Supervision s = supervise(policy, 1);

        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            s.on(new SupervisorInput.LocalBeat(0, 1, clock.instant().toEpochMilli(), null));
            assertThat(only(s.on(new SupervisorInput.Tick()), SupervisorCommand.Kill.class)).isEmpty();
        }
        clock.advance(policy.heartbeatTimeout().plusMillis(1));
        assertThat(only(s.on(new SupervisorInput.Tick()), SupervisorCommand.Kill.class))
                .as("no sign of life at all: killed").hasSize(1);
    }

    @Test
    void killsAWorkerThatNeverSendsItsFirstHeartbeat() {
        Supervision s = new Supervision(ID, List.of(0), policy, clock, () -> 0.0);
        s.start();
        s.on(new SupervisorInput.Spawned(0, 1, 7));

        clock.advance(policy.startTimeout().plusMillis(1));
        List<SupervisorCommand> tick = s.on(new SupervisorInput.Tick());

        assertThat(only(tick, SupervisorCommand.Kill.class)).hasSize(1);
        assertThat(events(s.on(exit(0, 1, 143, null)))).singleElement()
                .isInstanceOfSatisfying(WorkerCrashed.class, e -> assertThat(e.reason()).isEqualTo("start_timeout"));
    }

    @Test
    void aJobThatCrashesItsWorkerThreeTimesIsHandedOverAsPoison() {
        Supervision s = supervise(policy, 1);
        Culprit poison = new Culprit(17, "j-17");

        s.on(exit(0, 1, 1, poison));
        s.on(new SupervisorInput.Spawned(0, 2, 2));
        s.on(new SupervisorInput.HeartbeatSeen(0, 2, 10));
        s.on(exit(0, 2, 1, poison));
        assertThat(s.crashesOf(0, 17)).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        s.on(new SupervisorInput.Tick());
        s.on(new SupervisorInput.Spawned(0, 3, 3));
        List<SupervisorCommand> third = s.on(exit(0, 3, 1, poison));
        clock.advance(Duration.ofSeconds(1));
        third = new java.util.ArrayList<>(third);
        third.addAll(s.on(new SupervisorInput.Tick()));

        SupervisorCommand.Spawn next = only(third, SupervisorCommand.Spawn.class).get(0);
        assertThat(next.poison()).singleElement().satisfies(v -> {
            assertThat(v.offset()).isEqualTo(17);
            assertThat(v.jobId()).isEqualTo("j-17");
            assertThat(v.evidence().crashes()).hasSize(3)
                    .extracting(io.kpool.protocol.DeadLetter.Crash::incarnation).containsExactly(1L, 2L, 3L);
            assertThat(v.evidence().crashes().get(0).stderrTail()).containsExactly("boom");
        });
    }

    @Test
    void forgetsAVerdictOnceTheWorkerHasMovedPastTheTask() {
        Supervision s = supervise(policy.withMaxAttempts(1), 1);
        s.on(exit(0, 1, 1, new Culprit(5, "j5")));
        s.on(new SupervisorInput.Spawned(0, 2, 2));

        s.on(new SupervisorInput.HeartbeatSeen(0, 2, 6));
        s.on(exit(0, 2, 1, null));
        clock.advance(Duration.ofSeconds(1));
        List<SupervisorCommand> out = s.on(new SupervisorInput.Tick());

        assertThat(only(out, SupervisorCommand.Spawn.class)).singleElement()
                .satisfies(spawn -> assertThat(spawn.poison()).isEmpty());
    }

    @Test
    void forgetsTheCrashesOfAJobThatLaterPassed() {
        Supervision s = supervise(policy, 1);
        s.on(exit(0, 1, 1, new Culprit(5, "j5")));
        s.on(new SupervisorInput.Spawned(0, 2, 2));

        s.on(new SupervisorInput.HeartbeatSeen(0, 2, 6));

        assertThat(s.crashesOf(0, 5)).isZero();
    }

    @Test
    void backsOffWhenAWorkerKeepsCrashingAndRestartsAtOnceAfterAStableRun() {
        Supervision s = supervise(policy, 1);

        List<SupervisorCommand> first = s.on(exit(0, 1, 1, null));
        assertThat(only(first, SupervisorCommand.Spawn.class)).as("first crash: at once").hasSize(1);

        s.on(new SupervisorInput.Spawned(0, 2, 2));
        List<SupervisorCommand> second = s.on(exit(0, 2, 1, null));
        assertThat(only(second, SupervisorCommand.Spawn.class)).as("second in a row: waits").isEmpty();
        assertThat(s.status(0).state()).isEqualTo("restarting");

        clock.advance(Duration.ofMillis(99));
        assertThat(only(s.on(new SupervisorInput.Tick()), SupervisorCommand.Spawn.class)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(only(s.on(new SupervisorInput.Tick()), SupervisorCommand.Spawn.class)).hasSize(1);

        s.on(new SupervisorInput.Spawned(0, 3, 3));
        s.on(new SupervisorInput.HeartbeatSeen(0, 3, 0));
        clock.advance(policy.restart().backoff().resetAfter());
        s.on(new SupervisorInput.HeartbeatSeen(0, 3, 0));
        assertThat(only(s.on(exit(0, 3, 1, null)), SupervisorCommand.Spawn.class)).as("after a stable run").hasSize(1);
    }

    @Test
    void aWorkerThatFinishedATaskBeforeItCrashedIsRestartedAtOnce() {
        Supervision s = supervise(policy, 1);
        s.on(exit(0, 1, 1, null));
        s.on(new SupervisorInput.Spawned(0, 2, 2));

        List<SupervisorCommand> out = s.on(new SupervisorInput.Exited(0, 2, new ExitStatus(1), List.of(new Culprit(9, "j9")),
                List.of(), 5));

        assertThat(only(out, SupervisorCommand.Spawn.class)).as("progress: not a crash loop, no backoff").hasSize(1);
    }

    @Test
    void restartsAWorkerThatExitedNormallyWithoutCallingItACrash() {
        Supervision s = supervise(policy, 1);

        List<SupervisorCommand> out = s.on(exit(0, 1, 0, null));

        assertThat(events(out)).singleElement().isInstanceOf(WorkerStopped.class);
        assertThat(only(out, SupervisorCommand.Spawn.class)).hasSize(1);
    }

    @Test
    void shutdownDrainsEveryWorkerAndRestartsNone() {
        Supervision s = supervise(policy, 2);

        List<SupervisorCommand> out = s.on(new SupervisorInput.Shutdown());
        assertThat(only(out, SupervisorCommand.Kill.class)).extracting(SupervisorCommand.Kill::signal)
                .containsExactly(Signal.TERM, Signal.TERM);

        s.on(exit(0, 1, 0, null));
        clock.advance(policy.shutdownGrace());
        assertThat(only(s.on(new SupervisorInput.Tick()), SupervisorCommand.Kill.class)).singleElement()
                .satisfies(k -> assertThat(k.slot()).isEqualTo(1))
                .satisfies(k -> assertThat(k.signal()).isEqualTo(Signal.KILL));
        List<SupervisorCommand> last = s.on(exit(1, 1, 137, null));

        assertThat(only(last, SupervisorCommand.Spawn.class)).isEmpty();
        assertThat(s.stopped()).isTrue();
        assertThat(s.status(0).state()).isEqualTo("stopped");
    }

    @Test
    void keepsACappedHistoryPerSlot() {
        Supervision s = supervise(policy.withHistorySize(3), 1);

        for (int i = 1; i <= 5; i++) {
            s.on(exit(0, s.incarnation(0), 1, null));
            clock.advance(Duration.ofSeconds(20));
            s.on(new SupervisorInput.Tick());
        }

        WorkerStatus status = s.status(0);
        assertThat(status.history()).hasSize(3);
        assertThat(status.history().get(0).type()).isEqualTo("worker_crashed");
        assertThat(status.restarts()).isEqualTo(5);
    }

    @Test
    void everyTaskRunningAtACrashIsASuspectThatTheNextIncarnationRunsAloneAndOnlyALoneCrashConvicts() {
        SupervisorPolicy p = policy.withRestart(policy.restart().withBackoff(
                new Backoff(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 0)));
        Supervision s = supervise(p, 1);

        List<SupervisorCommand> first = s.on(new SupervisorInput.Exited(0, 1, new ExitStatus(137),
                List.of(new Culprit(7, "j7"), new Culprit(8, "j8"), new Culprit(9, "j9")), List.of(), 0));
        SupervisorCommand.Spawn respawn = first.stream().filter(SupervisorCommand.Spawn.class::isInstance)
                .map(SupervisorCommand.Spawn.class::cast).findFirst().orElseThrow();

        assertThat(respawn.suspects()).containsExactlyInAnyOrder(7L, 8L, 9L);
        assertThat(respawn.poison()).isEmpty();
        s.on(new SupervisorInput.Spawned(0, 2, 2));
        // Run alone, j7 and j9 pass (the worker moves past them); j8 crashes it twice more, alone.
        s.on(new SupervisorInput.HeartbeatSeen(0, 2, 8));
        s.on(new SupervisorInput.Exited(0, 2, new ExitStatus(1), List.of(new Culprit(8, "j8")), List.of(), 1));
        s.on(new SupervisorInput.Spawned(0, 3, 3));
        List<SupervisorCommand> third = s.on(new SupervisorInput.Exited(0, 3, new ExitStatus(1),
                List.of(new Culprit(8, "j8")), List.of(), 0));
        SupervisorCommand.Spawn last = third.stream().filter(SupervisorCommand.Spawn.class::isInstance)
                .map(SupervisorCommand.Spawn.class::cast).findFirst().orElseThrow();

        assertThat(last.poison()).extracting(PoisonVerdict::jobId).containsExactly("j8");
        assertThat(last.suspects()).as("j9 is past, j8 judged").doesNotContain(8L, 7L);
    }

    @Test
    void aWorkerThatStoppedToCancelItsJobIsRestartedAtOnceWithNobodyBlamed() {
        SupervisorPolicy strict = SupervisorPolicy.ofDefaults().withRestart(
                RestartPolicy.oneForAll().withIntensity(1, Duration.ofSeconds(60)));
        Supervision s = supervise(strict, 2);
        Culprit running = new Culprit(4, "j4");

        List<SupervisorCommand> out = null;
        for (long incarnation = 1; incarnation <= 3; incarnation++) {
            out = s.on(new SupervisorInput.Exited(0, incarnation, new ExitStatus(ExitStatus.CANCELLED_JOB),
                    List.of(running), List.of(), 0, "j4"));
            s.on(new SupervisorInput.Spawned(0, incarnation + 1, 300 + incarnation));
        }

        assertThat(events(out)).singleElement().isInstanceOfSatisfying(WorkerStopped.class, e -> {
            assertThat(e.reason()).isEqualTo(WorkerStopped.CANCELLED);
            assertThat(e.jobId()).isEqualTo("j4");
            assertThat(e.exitCode()).isEqualTo(ExitStatus.CANCELLED_JOB);
        });
        assertThat(only(out, SupervisorCommand.Spawn.class)).singleElement().satisfies(spawn -> {
            assertThat(spawn.incarnation()).isEqualTo(4);
            assertThat(spawn.suspects()).as("no suspect").isEmpty();
            assertThat(spawn.poison()).isEmpty();
        });
        assertThat(only(out, SupervisorCommand.Kill.class)).as("no sibling stopped").isEmpty();
        assertThat(s.crashesOf(0, 4)).isZero();
        assertThat(s.gaveUp()).as("no restart counted against an intensity of 1").isFalse();
        assertThat(s.recentRestarts()).isZero();
        assertThat(s.restarts(0)).isZero();
        assertThat(s.state(1)).isEqualTo(SlotState.RUNNING);
    }

    @Test
    void theCancelStatusWithoutACancelledJobInTheBlackBoxIsACrash() {
        Supervision s = supervise(policy, 1);

        List<SupervisorCommand> out = s.on(new SupervisorInput.Exited(0, 1, new ExitStatus(ExitStatus.CANCELLED_JOB),
                List.of(new Culprit(4, "j4")), List.of(), 0, null));

        assertThat(events(out)).singleElement().isInstanceOf(WorkerCrashed.class);
        assertThat(s.crashesOf(0, 4)).isEqualTo(1);
    }
}
