package io.kpool.core.supervision;

import io.kpool.core.supervision.Phase.BackingOff;
import io.kpool.core.supervision.Phase.GaveUp;
import io.kpool.core.supervision.Phase.Live;
import io.kpool.core.supervision.Phase.Running;
import io.kpool.core.supervision.Phase.Starting;
import io.kpool.core.supervision.Phase.Stopped;
import io.kpool.core.supervision.Phase.Stopping;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerGaveUp;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.protocol.event.WorkerStopped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a supervisor knows of one slot: its lifecycle {@link Phase} (the state and that state's
 * data), its counters, its history. Only its own methods change it; each change of state goes
 * through {@link SlotState}'s table, and an illegal one throws.
 */
final class Child {

    private final int slot;
    private final SupervisorIdentity identity;
    private final CrashLedger ledger;
    private final RestartIntensity intensity;
    private final SlotHistory history;

    private Phase phase;
    private long incarnation;
    /** Incarnations started by this supervisor: the first is announced as started, later ones as restarted. */
    private int startsHere;
    private int restarts;
    private int crashesInARow;
    /** When the last end of a worker of the slot was noticed; null before the first. */
    private Instant endNoticedAt;

    /**
     * A slot not started yet: {@link SlotState#STARTING}, with no process asked for.
     *
     * @param historySize how many lifecycle entries it keeps
     */
    Child(int slot, SupervisorIdentity identity, CrashLedger ledger, RestartIntensity intensity, int historySize,
          Instant now) {
        this.slot = slot;
        this.identity = identity;
        this.ledger = ledger;
        this.intensity = intensity;
        this.history = new SlotHistory(historySize);
        this.phase = Starting.at(now);
    }

    int slot() {
        return slot;
    }

    SlotState state() {
        return phase.state();
    }

    /** The current state's data. */
    Phase phase() {
        return phase;
    }

    long incarnation() {
        return incarnation;
    }

    int restarts() {
        return restarts;
    }

    CrashLedger ledger() {
        return ledger;
    }

    /** Takes over what a previous supervisor published for the slot. */
    void resume(WorkerStatus previous) {
        incarnation = previous.incarnation();
        restarts = previous.restarts();
        history.resume(previous.history(), previous.lastExit());
        ledger.restore(previous.suspects());
    }

    void remember(Instant now, String type, String detail) {
        history.remember(now, type, detail);
    }

    // --- moves between states ---

    /** Starts a new incarnation. */
    void spawn(Instant now, List<SupervisorCommand> out) {
        moveTo(Starting.at(now));
        startsHere++;
        incarnation++;
        out.add(new SupervisorCommand.Spawn(slot, incarnation, ledger.verdicts(), ledger.suspectOffsets()));
        out.add(publish(now));
    }

    /** Starts a new incarnation that counts as a restart. */
    void restart(Instant now, List<SupervisorCommand> out) {
        restarts++;
        spawn(now, out);
    }

    /** The shell started the process: its pid is known, and a stop asked before reaches it now. */
    void spawned(long pid, boolean shuttingDown, Instant now, List<SupervisorCommand> out) {
        amend(as(Live.class).withPid(pid));
        if (shuttingDown || state() == SlotState.STOPPING) {
            kill(Signal.TERM, out);
        }
        out.add(publish(now));
    }

    /**
     * A heartbeat: the worker has passed {@code position}; the first one of a starting worker
     * announces it and makes it running. A stopping worker's heartbeats keep nothing else alive.
     */
    void heartbeat(long position, OptionalLong busySince, Instant now, List<SupervisorCommand> out) {
        ledger.passed(position);
        switch (state()) {
            case STARTING -> {
                Starting starting = as(Starting.class);
                moveTo(new Running(starting.spawnedAt(), starting.pid(), now, busySince));
                out.add(new SupervisorCommand.Emit(cameUp(now)));
                out.add(publish(now));
            }
            case RUNNING -> amend(as(Running.class).beat(now, busySince));
            case STOPPING, BACKING_OFF, STOPPED, GAVE_UP -> {
                // going down, or down: nothing to keep alive
            }
        }
    }

    /** A sign of life left on the supervisor's host at {@code beat} (never later than now); only a running worker takes it. */
    void localBeat(Instant beat, OptionalLong busySince, Instant now) {
        if (state() != SlotState.RUNNING) {
            return;
        }
        Running running = as(Running.class);
        Instant last = running.lastHeartbeat();
        Instant at = beat.isAfter(last) ? (beat.isAfter(now) ? now : beat) : last;
        amend(running.beat(at, busySince));
    }

    /** SIGTERM now (or once the pid is known), SIGKILL when {@code grace} has passed. */
    void stop(StopReason reason, Duration grace, Instant now, List<SupervisorCommand> out) {
        Live live = as(Live.class);
        boolean killNow = live.pid().isPresent() && grace.isZero();
        moveTo(new Stopping(live.spawnedAt(), live.pid(), reason, now.plus(grace), killNow));
        if (live.pid().isPresent()) {
            kill(grace.isZero() ? Signal.KILL : Signal.TERM, out);
        }
        out.add(publish(now));
    }

    /** The supervisor stops: drain what runs, forget a restart that waits. */
    void shutDown(Instant now, Duration grace, List<SupervisorCommand> out) {
        switch (state()) {
            case STARTING, RUNNING -> stop(StopReason.SHUTDOWN, grace, now, out);
            case STOPPING -> amend(as(Stopping.class).because(StopReason.SHUTDOWN).killAt(now.plus(grace)));
            case BACKING_OFF -> {
                moveTo(new Stopped(false));
                out.add(publish(now));
            }
            case STOPPED, GAVE_UP -> {
                // already down
            }
        }
    }

    /**
     * Brought down for a restart of its group: a live worker is stopped (or, already stopping, will
     * count as stopped for the group), a stopped one waits with the group.
     *
     * @return whether the group must wait for this worker's end
     */
    boolean stopForGroup(Duration grace, Instant now, List<SupervisorCommand> out) {
        return switch (state()) {
            case STARTING, RUNNING -> {
                stop(StopReason.RESTART_GROUP, grace, now, out);
                yield true;
            }
            case STOPPING -> {
                amend(as(Stopping.class).because(StopReason.RESTART_GROUP));
                yield true;
            }
            case STOPPED -> {
                moveTo(BackingOff.withGroup());
                out.add(publish(now));
                yield false;
            }
            case BACKING_OFF, GAVE_UP -> false;
        };
    }

    /** Waits to be started again with its group, which decides when. */
    void awaitGroup() {
        moveTo(BackingOff.withGroup());
    }

    /** Waits to be started again at {@code restartAt}. */
    void backOffUntil(Instant restartAt) {
        moveTo(BackingOff.until(restartAt));
    }

    /** No process, and none started unless with its group; {@code removed}: not even then. */
    void halt(boolean removed) {
        moveTo(new Stopped(removed));
    }

    /** Parked past its own restart intensity. */
    void quarantine() {
        moveTo(new GaveUp());
    }

    /**
     * Time passed: a restart that is due (unless the slot waits for its group), a timeout that is
     * up, a SIGKILL whose grace is over.
     */
    void tick(Instant now, SupervisorPolicy policy, boolean inGroup, List<SupervisorCommand> out) {
        switch (state()) {
            case BACKING_OFF -> {
                if (!inGroup && as(BackingOff.class).due(now)) {
                    restart(now, out);
                }
            }
            case STARTING -> as(Starting.class).overdue(now, policy).ifPresent(reason ->
                    stop(reason, policy.shutdownGrace(), now, out));
            case RUNNING -> as(Running.class).overdue(now, policy).ifPresent(reason ->
                    stop(reason, policy.shutdownGrace(), now, out));
            case STOPPING -> {
                Stopping stopping = as(Stopping.class);
                if (stopping.killDue(now)) {
                    amend(stopping.killed());
                    kill(Signal.KILL, out);
                }
            }
            case STOPPED, GAVE_UP -> {
                // nothing runs: nothing to watch
            }
        }
    }

    /** A new incarnation for a slot that will not run: it fences the producer of the last one. */
    long fence() {
        if (state().hasProcess()) {
            throw new IllegalStateException("slot " + slot + " is " + state() + ": a live worker is not fenced");
        }
        return ++incarnation;
    }

    // --- the end of an incarnation ---

    /** The process ended with {@code status}. */
    void exitedWith(ExitStatus status) {
        history.exited(status);
    }

    /** Why the supervisor is stopping the worker, while it is. */
    Optional<StopReason> stopReason() {
        return phase instanceof Stopping stopping ? Optional.of(stopping.reason()) : Optional.empty();
    }

    /** Every task running at a crash becomes a suspect; one that crashed it too often, poison. */
    void blame(List<Culprit> culprits, ExitStatus status, List<String> stderrTail, Instant now, int maxAttempts) {
        DeadLetter.Crash crash = new DeadLetter.Crash(incarnation, pidOrNone(),
                status.signal().isPresent() ? null : status.code(),
                status.signal().map(Enum::name).orElse(null), now.toEpochMilli(), stderrTail);
        for (Culprit culprit : culprits) {
            ledger.record(culprit, crash).ifPresent(verdict -> remember(now, "job_poisoned",
                    "job " + verdict.jobId() + " crashed the worker " + maxAttempts
                            + " times; it will be dead-lettered"));
        }
    }

    /**
     * Counts an end the worker did not ask for: the first after a stable run (or after it finished
     * a task) starts a new streak. Called while the process is still the slot's.
     *
     * @param progressed whether the incarnation finished at least one task
     * @return the crashes in a row, this one included
     */
    int noticeEnd(Instant now, boolean progressed, Duration resetAfter) {
        Live live = as(Live.class);
        endNoticedAt = now;
        boolean fresh = progressed || Duration.between(live.spawnedAt(), now).compareTo(resetAfter) >= 0;
        crashesInARow = fresh ? 1 : crashesInARow + 1;
        return crashesInARow;
    }

    /**
     * The worker stopped itself to cancel the job it ran: announced, then started again at once,
     * counting nothing against it.
     */
    void restartAfterCancel(int exitCode, String jobId, Instant now, List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.Emit(history.stoppedToCancel(now, slot, incarnation, exitCode, jobId)));
        endNoticedAt = now;
        spawn(now, out);
    }

    /** Counts a restart against the worker's own intensity; answers whether it stays within it. */
    boolean allowRestart(Instant now) {
        return intensity.allow(now);
    }

    /** Whether this slot takes part in restarts: not quarantined, not a temporary worker that ended. */
    boolean restartable() {
        return !(phase instanceof Stopped stopped && stopped.removed()) && !(phase instanceof GaveUp);
    }

    // --- what it tells ---

    /** Announces the first heartbeat of this incarnation: started (first start here) or restarted. */
    private PoolEvent cameUp(Instant now) {
        PoolEvent event = startsHere == 1
                ? new WorkerStarted(slot, incarnation, pidOrNone(), identity.name(), now.toEpochMilli())
                : new WorkerRestarted(slot, incarnation, pidOrNone(), restarts,
                endNoticedAt == null ? 0 : Duration.between(endNoticedAt, now).toMillis(), now.toEpochMilli());
        remember(now, event.type(), "incarnation " + incarnation + ", pid " + pidOrNone());
        return event;
    }

    /** Announces an end that is not a crash. */
    WorkerStopped stopped(Instant now, int exitCode, String reason) {
        return history.stopped(now, slot, incarnation, exitCode, reason);
    }

    /** Announces a crash; {@code status} is null when the process never started, {@code jobId} when it ran none. */
    WorkerCrashed crashed(Instant now, String reason, ExitStatus status, String jobId) {
        return history.crashed(now, slot, incarnation, pidOrNone(), reason, status, jobId);
    }

    /** Announces the quarantine. */
    WorkerGaveUp gaveUp(Instant now, RestartPolicy restart) {
        return history.gaveUp(now, slot, incarnation, intensity.recent(now), restart);
    }

    SupervisorCommand.Publish publish(Instant now) {
        return new SupervisorCommand.Publish(status(now));
    }

    /** The slot's state as published. */
    WorkerStatus status(Instant now) {
        return new WorkerStatus(slot, identity.name(), identity.host(), identity.pid(), state().wireName(),
                state() == SlotState.RUNNING, pid().isPresent() ? pid().getAsLong() : null, incarnation, restarts,
                intensity.recent(now), intensity.maxRestarts(), intensity.withinMillis(), history.lastExit(),
                history.entries(),
                ledger.suspects(), now.toEpochMilli());
    }

    // --- inside ---

    private OptionalLong pid() {
        return phase instanceof Live live ? live.pid() : OptionalLong.empty();
    }

    private long pidOrNone() {
        return pid().orElse(-1);
    }

    private void kill(Signal signal, List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.Kill(slot, incarnation, pid().orElseThrow(), signal));
    }

    /** A change of state, checked against {@link SlotState}'s table. */
    private void moveTo(Phase next) {
        phase.state().moveTo(next.state());
        phase = next;
    }

    /** New data for the same state. */
    private void amend(Phase same) {
        if (same.state() != phase.state()) {
            throw new IllegalStateException("slot " + slot + " is " + phase.state() + ", not " + same.state());
        }
        phase = same;
    }

    /** The current state's data, which must be of {@code type}. */
    private <P extends Phase> P as(Class<P> type) {
        if (!type.isInstance(phase)) {
            throw new IllegalStateException("slot " + slot + " is " + phase.state() + ": it has no "
                    + type.getSimpleName() + " data");
        }
        return type.cast(phase);
    }
}
