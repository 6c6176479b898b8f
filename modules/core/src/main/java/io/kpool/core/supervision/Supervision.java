package io.kpool.core.supervision;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.SupervisorGaveUp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * One supervisor's decisions about its slots, with OTP's semantics for strategies, restart types
 * and restart intensity, and more that OTP leaves out: backoff, heartbeat and job timeouts, poison
 * jobs. Feed it {@link SupervisorInput}s, carry out the {@link SupervisorCommand}s it answers.
 * Pure and single-threaded; time comes from the injected clock.
 *
 * <p>A worker that ends is restarted when its {@link RestartType} says so; a restart counts
 * against the intensity (the supervisor's, or with {@link OnLimit#QUARANTINE} the worker's own);
 * past it the supervisor gives up (escalates) or parks the worker. Under one_for_all or
 * rest_for_one the siblings concerned get SIGTERM (in reverse start order) and, once every one of
 * them has ended, the group is started again in start order; temporary workers are not.
 */
public final class Supervision {

    static final String SHUTDOWN = "shutdown";
    static final String RESTART_GROUP = "restart_group";

    private final SupervisorIdentity identity;
    private final SupervisorPolicy policy;
    private final RestartPolicy restart;
    private final InstantSource clock;
    private final DoubleSupplier random;
    private final Map<Integer, Child> children = new LinkedHashMap<>();
    private final RestartIntensity intensity;
    private final Evacuations evacuations;
    private GroupRestart group;
    private boolean shuttingDown;
    private boolean gaveUp;

    /**
     * @param identity  who this supervisor is, published with each slot's state
     * @param slots     the slots it owns, in start order
     * @param recovered what a previous supervisor of these slots published, by slot: counters,
     *                  history and suspect jobs carry on from there
     * @param random    numbers in [0, 1) for backoff jitter
     */
    public Supervision(SupervisorIdentity identity, List<Integer> slots, Map<Integer, WorkerStatus> recovered,
                       SupervisorPolicy policy, InstantSource clock, DoubleSupplier random) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a supervisor needs at least one slot");
        }
        this.identity = identity;
        this.policy = policy;
        this.restart = policy.restart();
        this.clock = clock;
        this.random = random;
        this.intensity = new RestartIntensity(restart.maxRestarts(), restart.within());
        this.evacuations = new Evacuations(policy, random);
        for (int slot : slots) {
            Child child = new Child(slot, identity, new CrashLedger(slot, policy.maxAttempts()),
                    new RestartIntensity(restart.maxRestarts(), restart.within()));
            WorkerStatus previous = recovered.get(slot);
            if (previous != null) {
                child.resume(previous);
            }
            children.put(slot, child);
        }
    }

    /** A supervisor with nothing to recover. */
    public Supervision(SupervisorIdentity identity, List<Integer> slots, SupervisorPolicy policy, InstantSource clock,
                       DoubleSupplier random) {
        this(identity, slots, Map.of(), policy, clock, random);
    }

    /** Starts every slot's worker, in start order. */
    public List<SupervisorCommand> start() {
        List<SupervisorCommand> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Child child : children.values()) {
            if (child.incarnation > 0) {
                child.remember(now, "resumed", "by supervisor " + identity.name() + " after incarnation "
                        + child.incarnation, policy.historySize());
            }
            child.spawn(now, out);
        }
        return out;
    }

    /** Takes in what happened; answers what to do about it. */
    public List<SupervisorCommand> on(SupervisorInput input) {
        List<SupervisorCommand> out = new ArrayList<>();
        Instant now = clock.instant();
        if (input instanceof SupervisorInput.Spawned s) {
            onSpawned(s, now, out);
        } else if (input instanceof SupervisorInput.SpawnFailed f) {
            onSpawnFailed(f, now, out);
        } else if (input instanceof SupervisorInput.Exited e) {
            onExited(e, now, out);
        } else if (input instanceof SupervisorInput.HeartbeatSeen h) {
            onHeartbeat(h, now, out);
        } else if (input instanceof SupervisorInput.LocalBeat b) {
            current(b.slot(), b.incarnation()).filter(c -> c.state == SlotState.RUNNING).ifPresent(child -> {
                Instant beat = Instant.ofEpochMilli(b.beatAt());
                if (child.lastHeartbeat == null || beat.isAfter(child.lastHeartbeat)) {
                    child.lastHeartbeat = beat.isAfter(now) ? now : beat;
                }
                child.busySince = b.busySince();
            });
        } else if (input instanceof SupervisorInput.EvacuationEnded e) {
            Child child = children.get(e.slot());
            if (child != null) {
                evacuations.ended(child, e, now);
            }
        } else if (input instanceof SupervisorInput.Tick) {
            onTick(now, out);
        } else if (input instanceof SupervisorInput.Shutdown) {
            shutDown(now, out);
        }
        return out;
    }

    /** Whether every worker has stopped after a {@link SupervisorInput.Shutdown} or after giving up. */
    public boolean stopped() {
        return shuttingDown && children.values().stream().noneMatch(c -> c.state.hasProcess());
    }

    /** Whether the supervisor gave up: more restarts than its intensity allows, with {@link OnLimit#ESCALATE}. */
    public boolean gaveUp() {
        return gaveUp;
    }

    /** Restarts within the supervisor's intensity window now: past {@link #maxRestarts()} it gives up (or quarantines). */
    public int recentRestarts() {
        return intensity.recent(clock.instant());
    }

    /** The most restarts the intensity allows within its window. */
    public int maxRestarts() {
        return intensity.maxRestarts();
    }

    /** A slot's lifecycle state. */
    public SlotState state(int slot) {
        return child(slot).state;
    }

    /** How many times a slot has been restarted. */
    public int restarts(int slot) {
        return child(slot).restarts;
    }

    /** A slot's current incarnation. */
    public long incarnation(int slot) {
        return child(slot).incarnation;
    }

    /** The slot's state as it would be published now. */
    public WorkerStatus status(int slot) {
        return child(slot).status(clock.instant());
    }

    /** The seed's {@code over_limit}: the slots restarted more than {@code limit} times. */
    public List<Integer> overLimit(int limit) {
        return children.values().stream().filter(c -> c.restarts > limit).map(c -> c.slot).toList();
    }

    /** How many crashes the task at {@code offset} of {@code slot} has caused and not yet been judged for. */
    public int crashesOf(int slot, long offset) {
        return child(slot).ledger.crashes(offset);
    }

    private Child child(int slot) {
        Child child = children.get(slot);
        if (child == null) {
            throw new IllegalArgumentException("slot " + slot + " is not supervised here; slots: " + children.keySet());
        }
        return child;
    }

    private Optional<Child> current(int slot, long incarnation) {
        Child child = children.get(slot);
        return child != null && child.incarnation == incarnation && child.state.hasProcess()
                ? Optional.of(child) : Optional.empty();
    }

    private void onSpawned(SupervisorInput.Spawned s, Instant now, List<SupervisorCommand> out) {
        current(s.slot(), s.incarnation()).ifPresent(child -> {
            child.pid = s.pid();
            if (shuttingDown || child.state == SlotState.STOPPING) {
                child.kill(Signal.TERM, out);
            }
            out.add(child.publish(now));
        });
    }

    private void onSpawnFailed(SupervisorInput.SpawnFailed f, Instant now, List<SupervisorCommand> out) {
        current(f.slot(), f.incarnation()).ifPresent(child -> {
            child.remember(now, "spawn_failed", f.error(), policy.historySize());
            ended(child, "spawn_failed", null, null, now, out);
        });
    }

    private void onHeartbeat(SupervisorInput.HeartbeatSeen h, Instant now, List<SupervisorCommand> out) {
        current(h.slot(), h.incarnation()).ifPresent(child -> {
            child.ledger.passed(h.position());
            if (child.state == SlotState.STOPPING) {
                return;
            }
            child.lastHeartbeat = now;
            child.busySince = h.busySince();
            if (child.state == SlotState.STARTING) {
                child.moveTo(SlotState.RUNNING);
                out.add(new SupervisorCommand.Emit(child.cameUp(now, policy.historySize())));
                out.add(child.publish(now));
            }
        });
    }

    private void onExited(SupervisorInput.Exited e, Instant now, List<SupervisorCommand> out) {
        Optional<Child> found = current(e.slot(), e.incarnation());
        if (found.isEmpty()) {
            return;
        }
        Child child = found.get();
        child.lastExit = e.status().describe();
        String why = child.stopReason;
        if (shuttingDown || SHUTDOWN.equals(why) || RESTART_GROUP.equals(why)) {
            String reason = shuttingDown ? SHUTDOWN : why;
            out.add(new SupervisorCommand.Emit(child.stopped(now, e.status().code(), reason, policy.historySize())));
            child.pid = null;
            child.stopReason = null;
            if (shuttingDown) {
                child.moveTo(SlotState.STOPPED);
            } else {
                boolean temporary = restart.restartOf(child.slot) == RestartType.TEMPORARY;
                child.moveTo(temporary ? SlotState.STOPPED : SlotState.BACKING_OFF);
                child.removed = temporary;
                group.ended(child.slot);
                maybeRestartGroup(now, out);
            }
            out.add(child.publish(now));
            return;
        }
        if (e.stoppedToCancel()) {
            stoppedToCancel(child, e, now, out);
            return;
        }
        // Every task running at the crash is a suspect; a worker running several at once runs the
        // suspects alone next time, so only a task that crashes it alone is judged poison.
        DeadLetter.Crash crash = new DeadLetter.Crash(child.incarnation, child.pidOrNone(),
                e.status().signal().isPresent() ? null : e.status().code(),
                e.status().signal().map(Enum::name).orElse(null), now.toEpochMilli(), e.stderrTail());
        for (Culprit culprit : e.culprits()) {
            child.ledger.record(culprit, crash).ifPresent(verdict -> child.remember(now, "job_poisoned",
                    "job " + verdict.jobId() + " crashed the worker " + policy.maxAttempts()
                            + " times; it will be dead-lettered", policy.historySize()));
        }
        String reason = why != null ? why : e.status().signal().isPresent() ? "signal" : "exit";
        child.progressed = e.processed() > 0;
        ended(child, reason, e.status(), e.culprits().isEmpty() ? null : e.culprits().get(0).jobId(), now, out);
    }

    /**
     * A worker stopped itself because the job it ran was cancelled: not a crash. Nobody is blamed
     * (the jobs it ran are no suspects), nothing counts towards the restart intensity or the
     * backoff, no sibling is touched, and the slot is started again at once, whatever its restart
     * type: the stop was kpool's own doing.
     */
    private void stoppedToCancel(Child child, SupervisorInput.Exited e, Instant now, List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.Emit(child.stoppedToCancel(now, e.status().code(), e.cancelled(),
                policy.historySize())));
        child.pid = null;
        child.stopReason = null;
        child.crashNoticedAt = now;
        child.spawn(now, out);
    }

    /**
     * A worker ended without being asked to: tells the world, then restarts by the policy.
     *
     * @param reason {@code exit}, {@code signal}, or the timeout it was killed for
     */
    private void ended(Child child, String reason, ExitStatus status, String jobId, Instant now,
                       List<SupervisorCommand> out) {
        boolean normal = status != null && status.normal() && "exit".equals(reason);
        out.add(new SupervisorCommand.Emit(normal
                ? child.stopped(now, 0, "exited", policy.historySize())
                : child.crashed(now, reason, status, jobId, policy.historySize())));
        child.pid = null;
        child.stopReason = null;
        child.crashNoticedAt = now;
        boolean fresh = child.progressed || child.ranStably(now, restart.backoff().resetAfter());
        child.crashesInARow = fresh ? 1 : child.crashesInARow + 1;
        child.progressed = false;
        boolean again = switch (restart.restartOf(child.slot)) {
            case PERMANENT -> true;
            case TRANSIENT -> !normal;
            case TEMPORARY -> false;
        };
        if (!again) {
            child.moveTo(SlotState.STOPPED);
            child.removed = restart.restartOf(child.slot) == RestartType.TEMPORARY;
            evacuations.start(child, now, out);
            out.add(child.publish(now));
            return;
        }
        if (!withinIntensity(child, now, out)) {
            return;
        }
        Duration wait = restart.backoff().delay(child.crashesInARow, random);
        switch (restart.strategy()) {
            case ONE_FOR_ONE -> restartAlone(child, wait, now, out);
            case ONE_FOR_ALL -> restartGroup(child, List.copyOf(children.values()), wait, now, out);
            case REST_FOR_ONE -> restartGroup(child, startedFrom(child), wait, now, out);
        }
    }

    /** Counts the restart; past the limit, quarantines the worker or gives the supervisor up. */
    private boolean withinIntensity(Child child, Instant now, List<SupervisorCommand> out) {
        boolean ownOk = child.intensity.allow(now);
        if (restart.onLimit() == OnLimit.QUARANTINE) {
            if (ownOk) {
                return true;
            }
            child.moveTo(SlotState.GAVE_UP);
            out.add(new SupervisorCommand.Emit(child.gaveUp(now, restart, policy.historySize())));
            evacuations.start(child, now, out);
            out.add(child.publish(now));
            return false;
        }
        if (intensity.allow(now)) {
            return true;
        }
        gaveUp = true;
        out.add(new SupervisorCommand.Emit(new SupervisorGaveUp(identity.name(), intensity.recent(now),
                restart.maxRestarts(), restart.within().toMillis(), now.toEpochMilli())));
        child.moveTo(SlotState.STOPPED);
        out.add(child.publish(now));
        shutDown(now, out);
        return false;
    }

    private void restartAlone(Child child, Duration wait, Instant now, List<SupervisorCommand> out) {
        if (wait.isZero()) {
            child.restarts++;
            child.spawn(now, out);
        } else {
            child.moveTo(SlotState.BACKING_OFF);
            child.restartAt = now.plus(wait);
            out.add(child.publish(now));
        }
    }

    /** The crashed worker and those started after it, in start order. */
    private List<Child> startedFrom(Child crashed) {
        List<Child> rest = new ArrayList<>();
        boolean after = false;
        for (Child c : children.values()) {
            after |= c == crashed;
            if (after) {
                rest.add(c);
            }
        }
        return rest;
    }

    /**
     * Stops the group's running members (SIGTERM, reverse start order); once all have ended and
     * the wait is over, starts the group again in start order.
     */
    private void restartGroup(Child crashed, List<Child> members, Duration wait, Instant now,
                              List<SupervisorCommand> out) {
        if (group == null) {
            group = new GroupRestart(now.plus(wait));
        } else {
            group.notBefore(now.plus(wait));
        }
        group.gather(crashed, members, policy.shutdownGrace(), now, out);
        maybeRestartGroup(now, out);
    }

    private void maybeRestartGroup(Instant now, List<SupervisorCommand> out) {
        if (group != null && group.ready(now)) {
            GroupRestart due = group;
            group = null;
            due.restart(children.values(), now, out);
        }
    }

    private void onTick(Instant now, List<SupervisorCommand> out) {
        maybeRestartGroup(now, out);
        for (Child child : children.values()) {
            child.tick(now, policy, group != null && group.includes(child.slot), out);
        }
        if (!shuttingDown) {
            evacuations.due(children.values(), now, out);
        }
    }

    private void shutDown(Instant now, List<SupervisorCommand> out) {
        shuttingDown = true;
        group = null;
        List<Child> reversed = new ArrayList<>(children.values());
        Collections.reverse(reversed);
        reversed.forEach(child -> child.shutDown(now, policy.shutdownGrace(), out));
    }
}
