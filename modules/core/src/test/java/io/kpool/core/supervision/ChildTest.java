package io.kpool.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kpool.testkit.TestClock;
import io.kpool.core.supervision.Phase.BackingOff;
import io.kpool.core.supervision.Phase.GaveUp;
import io.kpool.core.supervision.Phase.Running;
import io.kpool.core.supervision.Phase.Starting;
import io.kpool.core.supervision.Phase.Stopped;
import io.kpool.core.supervision.Phase.Stopping;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A slot's state data: each {@link SlotState} has its own record, the data of one state is not
 * reachable in another, and a change outside {@link SlotState}'s table throws.
 */
class ChildTest {

    private static final SupervisorIdentity ID = new SupervisorIdentity("sup", "host", 1);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock();
    private final SupervisorPolicy policy = SupervisorPolicy.ofDefaults();
    private final List<SupervisorCommand> out = new ArrayList<>();

    private Child child() {
        return new Child(0, ID, new CrashLedger(0, 3), new RestartIntensity(10, Duration.ofSeconds(60)), 20,
                clock.instant());
    }

    /** Given a worker that sent its first heartbeat. */
    private Child running() {
        Child child = child();
        child.spawn(clock.instant(), out);
        child.spawned(42, false, clock.instant(), out);
        child.heartbeat(0, OptionalLong.empty(), clock.instant(), out);
        return child;
    }

    private static List<Class<?>> leaves(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses())
                .flatMap(c -> c.isSealed() ? leaves(c).stream() : Stream.of(c)).toList();
    }

    private static List<String> components(Class<?> state) {
        return Arrays.stream(state.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    // --- one record per state ---

    @Test
    void everySlotStateHasExactlyOneRecordOfData() {
        List<Class<?>> records = leaves(Phase.class);

        assertThat(records).allSatisfy(r -> assertThat(r.isRecord()).as(r.getSimpleName()).isTrue());
        assertThat(records).extracting(Class::getSimpleName)
                .containsExactlyInAnyOrder("Starting", "Running", "Stopping", "BackingOff", "Stopped", "GaveUp");
        assertThat(List.of(Starting.at(Instant.EPOCH), new Running(Instant.EPOCH, OptionalLong.empty(),
                        Instant.EPOCH, OptionalLong.empty()),
                new Stopping(Instant.EPOCH, OptionalLong.empty(), StopReason.SHUTDOWN, Instant.EPOCH, false),
                BackingOff.withGroup(), new Stopped(false), new GaveUp()))
                .extracting(Phase::state).containsExactly(SlotState.values());
    }

    @Test
    void aKillDeadlineAndAStopReasonBelongToStoppingOnly() {
        assertThat(leaves(Phase.class)).filteredOn(r -> components(r).contains("killAt")
                        || components(r).contains("reason") || components(r).contains("killSent"))
                .containsExactly(Stopping.class);
    }

    @Test
    void aRestartTimeBelongsToBackingOffOnly() {
        assertThat(leaves(Phase.class)).filteredOn(r -> components(r).contains("restartAt"))
                .containsExactly(BackingOff.class);
    }

    @Test
    void aLastHeartbeatAndABusyJobBelongToRunningOnly() {
        assertThat(leaves(Phase.class)).filteredOn(r -> components(r).contains("lastHeartbeat")
                        || components(r).contains("busySince"))
                .containsExactly(Running.class);
    }

    @Test
    void aProcessIdBelongsToTheStatesWithAProcessOnly() {
        assertThat(leaves(Phase.class)).filteredOn(r -> components(r).contains("pid"))
                .containsExactlyInAnyOrder(Starting.class, Running.class, Stopping.class);
        assertThat(SlotState.values()).filteredOn(SlotState::hasProcess)
                .containsExactlyInAnyOrder(SlotState.STARTING, SlotState.RUNNING, SlotState.STOPPING);
    }

    @Test
    void recordsRefuseMissingData() {
        assertThatThrownBy(() -> new Stopping(Instant.EPOCH, OptionalLong.empty(), null, Instant.EPOCH, false))
                .isInstanceOf(NullPointerException.class).hasMessage("reason cannot be null");
        assertThatThrownBy(() -> new Running(Instant.EPOCH, OptionalLong.empty(), null, OptionalLong.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("lastHeartbeat cannot be null");
    }

    // --- the data as a worker lives ---

    @Test
    void aNewWorkerHasItsSpawnTimeAndItsPidOnceTheShellReportsIt() {
        Child child = child();

        child.spawn(clock.instant(), out);
        assertThat(child.phase()).isEqualTo(new Starting(clock.instant(), OptionalLong.empty()));

        child.spawned(42, false, clock.instant(), out);
        assertThat(child.phase()).isEqualTo(new Starting(clock.instant(), OptionalLong.of(42)));
    }

    @Test
    void aRunningWorkerHasItsLastHeartbeatAndTheJobItIsBusyWith() {
        Child child = running();
        clock.advanceMillis(500);

        child.heartbeat(3, OptionalLong.of(1234), clock.instant(), out);

        assertThat(child.phase()).isInstanceOfSatisfying(Running.class, r -> {
            assertThat(r.lastHeartbeat()).isEqualTo(clock.instant());
            assertThat(r.busySince()).hasValue(1234);
            assertThat(r.pid()).hasValue(42);
        });
        assertThat(child.stopReason()).isEmpty();
    }

    @Test
    void aStoppedWorkerHasAKillDeadlineAndAReasonUntilItEnds() {
        Child child = running();
        Instant stoppedAt = clock.instant();

        child.stop(StopReason.HEARTBEAT_TIMEOUT, GRACE, stoppedAt, out);

        assertThat(child.phase()).isInstanceOfSatisfying(Stopping.class, s -> {
            assertThat(s.reason()).isEqualTo(StopReason.HEARTBEAT_TIMEOUT);
            assertThat(s.killAt()).isEqualTo(stoppedAt.plus(GRACE));
            assertThat(s.killSent()).isFalse();
        });
        assertThat(child.stopReason()).contains(StopReason.HEARTBEAT_TIMEOUT);

        child.noticeEnd(clock.instant(), false, Duration.ofSeconds(10));
        child.backOffUntil(clock.instant().plusSeconds(1));

        assertThat(child.stopReason()).as("gone with the stopping state").isEmpty();
        assertThat(child.phase()).isEqualTo(BackingOff.until(clock.instant().plusSeconds(1)));
    }

    @Test
    void aStoppingWorkerIsKilledOnceWhenItsGraceIsOver() {
        Child child = running();
        child.stop(StopReason.SHUTDOWN, GRACE, clock.instant(), out);
        out.clear();

        clock.advance(GRACE);
        child.tick(clock.instant(), policy, false, out);
        child.tick(clock.instant(), policy, false, out);

        assertThat(out).singleElement().isEqualTo(new SupervisorCommand.Kill(0, 1, 42, Signal.KILL));
        assertThat(child.phase()).isInstanceOfSatisfying(Stopping.class, s -> assertThat(s.killSent()).isTrue());
    }

    @Test
    void aWorkerWaitingForItsGroupHasNoRestartTimeOfItsOwn() {
        Child child = running();
        child.noticeEnd(clock.instant(), false, Duration.ofSeconds(10));

        child.awaitGroup();
        clock.advance(Duration.ofHours(1));
        out.clear();
        child.tick(clock.instant(), policy, false, out);

        assertThat(child.phase()).isEqualTo(new BackingOff(Optional.empty()));
        assertThat(out).as("its group decides when").isEmpty();
    }

    @Test
    void aTemporaryWorkerThatEndedIsRemovedFromEveryRestart() {
        Child child = running();

        child.halt(true);

        assertThat(child.phase()).isEqualTo(new Stopped(true));
        assertThat(child.restartable()).isFalse();
        assertThat(child.stopForGroup(GRACE, clock.instant(), out)).isFalse();
    }

    @Test
    void aWorkerThatCrashesAgainSoonBacksOffUntilItsRestartTime() {
        Supervision s = new Supervision(ID, List.of(0), policy, clock, () -> 0.0);
        s.start();
        s.on(new SupervisorInput.Spawned(0, 1, 42));
        s.on(new SupervisorInput.Exited(0, 1, new ExitStatus(1), (Culprit) null, List.of()));
        s.on(new SupervisorInput.Spawned(0, 2, 43));

        s.on(new SupervisorInput.Exited(0, 2, new ExitStatus(1), (Culprit) null, List.of()));

        assertThat(s.phase(0)).isEqualTo(BackingOff.until(clock.instant().plus(
                policy.restart().backoff().delay(2, () -> 0.0))));
    }

    @Test
    void underOneForAllACrashedWorkerWaitsForItsGroupAndItsSiblingIsStoppingForIt() {
        Supervision s = new Supervision(ID, List.of(0, 1), policy.withRestart(RestartPolicy.oneForAll()), clock,
                () -> 0.0);
        s.start();
        s.on(new SupervisorInput.Spawned(0, 1, 42));
        s.on(new SupervisorInput.Spawned(1, 1, 43));

        s.on(new SupervisorInput.Exited(0, 1, new ExitStatus(1), (Culprit) null, List.of()));

        assertThat(s.phase(0)).isEqualTo(BackingOff.withGroup());
        assertThat(s.phase(1)).isEqualTo(new Stopping(clock.instant(), OptionalLong.of(43),
                StopReason.RESTART_GROUP, clock.instant().plus(policy.shutdownGrace()), false));
    }

    // --- illegal moves ---

    @Test
    void aStoppedWorkerIsNotStartedAgainExceptWithItsGroup() {
        Child child = running();
        child.halt(false);

        assertThatThrownBy(() -> child.spawn(clock.instant(), out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a slot cannot go from STOPPED to STARTING");
        assertThat(child.phase()).isEqualTo(new Stopped(false));
    }

    @Test
    void aQuarantinedWorkerMovesNowhere() {
        Child child = running();
        child.quarantine();

        assertThatThrownBy(child::awaitGroup).isInstanceOf(IllegalStateException.class)
                .hasMessage("a slot cannot go from GAVE_UP to BACKING_OFF");
        assertThatThrownBy(() -> child.halt(false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> child.restart(clock.instant(), out)).isInstanceOf(IllegalStateException.class);
        assertThat(child.phase()).isEqualTo(new GaveUp());
    }

    @Test
    void aWorkerWithoutAProcessCannotBeStoppedNorGiveAPid() {
        Child child = running();
        child.backOffUntil(clock.instant().plusSeconds(1));

        assertThatThrownBy(() -> child.stop(StopReason.SHUTDOWN, GRACE, clock.instant(), out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("slot 0 is BACKING_OFF: it has no Live data");
        assertThatThrownBy(() -> child.spawned(7, false, clock.instant(), out))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> child.noticeEnd(clock.instant(), false, Duration.ZERO))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStoppingWorkerCannotBeStoppedAgainNorComeUp() {
        Child child = running();
        child.stop(StopReason.SHUTDOWN, GRACE, clock.instant(), out);

        assertThatThrownBy(() -> child.stop(StopReason.RESTART_GROUP, GRACE, clock.instant(), out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a slot cannot go from STOPPING to STOPPING");
        child.heartbeat(0, OptionalLong.empty(), clock.instant(), out);
        assertThat(child.state()).as("a heartbeat does not bring it back").isEqualTo(SlotState.STOPPING);
    }

    @Test
    void aLiveWorkerIsNotFenced() {
        Child child = running();

        assertThatThrownBy(child::fence).isInstanceOf(IllegalStateException.class)
                .hasMessage("slot 0 is RUNNING: a live worker is not fenced");
        child.halt(false);
        assertThat(child.fence()).isEqualTo(2);
    }
}
