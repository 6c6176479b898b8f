package io.kpool.core.supervision;

import io.kpool.core.history.CappedHistory;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.WorkerStatus.HistoryEntry;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.protocol.event.WorkerStopped;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * One supervisor's decisions about its slots, one_for_one: a crashed worker is restarted alone
 * (at once, or after {@link Backoff} if it keeps crashing) while the others carry on; a worker
 * whose heartbeats stop is sent SIGTERM, then SIGKILL, and restarted; a task that crashed its
 * worker {@link SupervisorPolicy#maxAttempts()} times is handed to the next incarnation as a
 * {@link PoisonVerdict}. Feed it {@link SupervisorInput}s, carry out the {@link SupervisorCommand}s
 * it answers. Pure and single-threaded; time comes from the injected clock.
 */
public final class Supervision {

    private final String name;
    private final SupervisorPolicy policy;
    private final InstantSource clock;
    private final DoubleSupplier random;
    private final Map<Integer, Child> children = new TreeMap<>();
    private boolean shuttingDown;

    /**
     * @param name   the supervisor's name, published with each slot's state
     * @param slots  the slots it owns
     * @param random numbers in [0, 1) for backoff jitter
     */
    public Supervision(String name, List<Integer> slots, SupervisorPolicy policy, InstantSource clock,
                       DoubleSupplier random) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a supervisor needs at least one slot");
        }
        this.name = name;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        for (int slot : slots) {
            children.put(slot, new Child(slot, new CrashLedger(slot, policy.maxAttempts())));
        }
    }

    /** The state of one slot, as this supervisor keeps it. */
    private static final class Child {
        final int slot;
        final CrashLedger ledger;
        SlotState state = SlotState.STARTING;
        long incarnation;
        Long pid;
        Instant spawnedAt;
        Instant lastHeartbeat;
        Instant crashNoticedAt;
        Instant restartAt;
        Instant killAt;
        String stopReason;
        boolean killSent;
        int restarts;
        int crashesInARow;
        String lastExit;
        List<HistoryEntry> history = List.of();

        Child(int slot, CrashLedger ledger) {
            this.slot = slot;
            this.ledger = ledger;
        }
    }

    /** Starts every slot's first worker. */
    public List<SupervisorCommand> start() {
        List<SupervisorCommand> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Child child : children.values()) {
            spawn(child, now, out);
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
        } else if (input instanceof SupervisorInput.Tick) {
            onTick(now, out);
        } else if (input instanceof SupervisorInput.Shutdown) {
            onShutdown(now, out);
        }
        return out;
    }

    /** Whether every worker has stopped after {@link SupervisorInput.Shutdown}. */
    public boolean stopped() {
        return shuttingDown && children.values().stream().allMatch(c -> c.state == SlotState.STOPPED);
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
        return status(child(slot), clock.instant());
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
        return child != null && child.incarnation == incarnation ? Optional.of(child) : Optional.empty();
    }

    private void onSpawned(SupervisorInput.Spawned s, Instant now, List<SupervisorCommand> out) {
        current(s.slot(), s.incarnation()).ifPresent(child -> {
            child.pid = s.pid();
            if (shuttingDown) {
                stop(child, "shutdown", policy.shutdownGrace(), now, out);
            }
            out.add(publish(child, now));
        });
    }

    private void onSpawnFailed(SupervisorInput.SpawnFailed f, Instant now, List<SupervisorCommand> out) {
        current(f.slot(), f.incarnation()).ifPresent(child -> {
            remember(child, now, "spawn_failed", f.error());
            crashed(child, "spawn_failed", null, null, now, out);
        });
    }

    private void onHeartbeat(SupervisorInput.HeartbeatSeen h, Instant now, List<SupervisorCommand> out) {
        current(h.slot(), h.incarnation()).ifPresent(child -> {
            child.ledger.passed(h.position());
            if (child.state != SlotState.STARTING && child.state != SlotState.RUNNING) {
                return;
            }
            child.lastHeartbeat = now;
            if (child.state == SlotState.STARTING) {
                child.state = child.state.moveTo(SlotState.RUNNING);
                PoolEvent event = child.restarts == 0
                        ? new WorkerStarted(child.slot, child.incarnation, pidOf(child), name, now.toEpochMilli())
                        : new WorkerRestarted(child.slot, child.incarnation, pidOf(child), child.restarts,
                        child.crashNoticedAt == null ? 0 : Duration.between(child.crashNoticedAt, now).toMillis(),
                        now.toEpochMilli());
                remember(child, now, event.type(), "incarnation " + child.incarnation + ", pid " + pidOf(child));
                out.add(new SupervisorCommand.Emit(event));
                out.add(publish(child, now));
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
        boolean onPurpose = shuttingDown || "shutdown".equals(child.stopReason);
        if (onPurpose || (e.status().normal() && child.stopReason == null)) {
            remember(child, now, WorkerStopped.TYPE, child.lastExit);
            out.add(new SupervisorCommand.Emit(new WorkerStopped(child.slot, child.incarnation, e.status().code(),
                    now.toEpochMilli())));
            if (onPurpose) {
                child.state = child.state.moveTo(SlotState.STOPPED);
                child.pid = null;
                out.add(publish(child, now));
            } else {
                restart(child, now, out);
            }
            return;
        }
        String reason = child.stopReason != null ? child.stopReason
                : e.status().signal().isPresent() ? "signal" : "exit";
        if (e.culprit() != null) {
            DeadLetter.Crash crash = new DeadLetter.Crash(child.incarnation, pidOf(child),
                    e.status().signal().isPresent() ? null : e.status().code(),
                    e.status().signal().map(Enum::name).orElse(null), now.toEpochMilli(), e.stderrTail());
            child.ledger.record(e.culprit(), crash).ifPresent(verdict -> remember(child, now, "job_poisoned",
                    "job " + verdict.jobId() + " crashed the worker " + policy.maxAttempts()
                            + " times; it will be dead-lettered"));
        }
        remember(child, now, WorkerCrashed.TYPE, reason + " (" + child.lastExit + ")"
                + (e.culprit() == null ? "" : " on job " + e.culprit().jobId()));
        crashed(child, reason, e.status(), e.culprit() == null ? null : e.culprit().jobId(), now, out);
    }

    /** Emits the crash and restarts the slot. */
    private void crashed(Child child, String reason, ExitStatus status, String jobId, Instant now,
                         List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.Emit(new WorkerCrashed(child.slot, child.incarnation, pidOf(child), reason,
                status == null || status.signal().isPresent() ? null : status.code(),
                status == null ? null : status.signal().map(Enum::name).orElse(null), jobId, now.toEpochMilli())));
        restart(child, now, out);
    }

    /** Restarts the slot: at once after a stable run, after the backoff when it keeps ending. */
    private void restart(Child child, Instant now, List<SupervisorCommand> out) {
        boolean stable = child.spawnedAt != null
                && Duration.between(child.spawnedAt, now).compareTo(policy.backoff().resetAfter()) >= 0;
        child.crashesInARow = stable ? 1 : child.crashesInARow + 1;
        child.crashNoticedAt = now;
        child.pid = null;
        child.stopReason = null;
        Duration wait = policy.backoff().delay(child.crashesInARow, random);
        if (wait.isZero()) {
            child.restarts++;
            spawn(child, now, out);
        } else {
            child.state = child.state.moveTo(SlotState.BACKING_OFF);
            child.restartAt = now.plus(wait);
            out.add(publish(child, now));
        }
    }

    private void onTick(Instant now, List<SupervisorCommand> out) {
        for (Child child : children.values()) {
            switch (child.state) {
                case BACKING_OFF -> {
                    if (!now.isBefore(child.restartAt)) {
                        child.restarts++;
                        spawn(child, now, out);
                    }
                }
                case STARTING -> {
                    if (child.pid != null && elapsed(child.spawnedAt, now, policy.startTimeout())) {
                        stop(child, "start_timeout", policy.hangKillGrace(), now, out);
                    }
                }
                case RUNNING -> {
                    if (elapsed(child.lastHeartbeat, now, policy.heartbeatTimeout())) {
                        stop(child, "heartbeat_timeout", policy.hangKillGrace(), now, out);
                    }
                }
                case STOPPING -> {
                    if (!child.killSent && !now.isBefore(child.killAt) && child.pid != null) {
                        child.killSent = true;
                        out.add(new SupervisorCommand.Kill(child.slot, child.incarnation, child.pid, Signal.KILL));
                    }
                }
                case STOPPED -> {
                    // nothing to watch
                }
            }
        }
    }

    private void onShutdown(Instant now, List<SupervisorCommand> out) {
        shuttingDown = true;
        for (Child child : children.values()) {
            switch (child.state) {
                case STARTING, RUNNING -> {
                    if (child.pid != null) {
                        stop(child, "shutdown", policy.shutdownGrace(), now, out);
                    }
                }
                case STOPPING -> {
                    child.stopReason = "shutdown";
                    child.killAt = now.plus(policy.shutdownGrace());
                }
                case BACKING_OFF -> {
                    child.state = child.state.moveTo(SlotState.STOPPED);
                    out.add(publish(child, now));
                }
                case STOPPED -> {
                    // already stopped
                }
            }
        }
    }

    /** SIGTERM now, SIGKILL when {@code grace} has passed. */
    private void stop(Child child, String reason, Duration grace, Instant now, List<SupervisorCommand> out) {
        child.state = child.state.moveTo(SlotState.STOPPING);
        child.stopReason = reason;
        child.killAt = now.plus(grace);
        child.killSent = grace.isZero();
        out.add(new SupervisorCommand.Kill(child.slot, child.incarnation, child.pid,
                grace.isZero() ? Signal.KILL : Signal.TERM));
        out.add(publish(child, now));
    }

    private void spawn(Child child, Instant now, List<SupervisorCommand> out) {
        if (child.incarnation > 0) {
            child.state = child.state.moveTo(SlotState.STARTING);
        }
        child.incarnation++;
        child.pid = null;
        child.spawnedAt = now;
        child.lastHeartbeat = null;
        child.killSent = false;
        out.add(new SupervisorCommand.Spawn(child.slot, child.incarnation, child.ledger.verdicts()));
        out.add(publish(child, now));
    }

    private static boolean elapsed(Instant since, Instant now, Duration limit) {
        return since != null && Duration.between(since, now).compareTo(limit) > 0;
    }

    private static long pidOf(Child child) {
        return child.pid == null ? -1 : child.pid;
    }

    private void remember(Child child, Instant now, String type, String detail) {
        child.history = CappedHistory.appendCapped(child.history,
                new HistoryEntry(now.toEpochMilli(), type, detail), policy.historySize());
    }

    private SupervisorCommand.Publish publish(Child child, Instant now) {
        return new SupervisorCommand.Publish(status(child, now));
    }

    private WorkerStatus status(Child child, Instant now) {
        return new WorkerStatus(child.slot, name, child.state.wireName(), child.state == SlotState.RUNNING,
                child.pid, child.incarnation, child.restarts, child.lastExit, child.history, now.toEpochMilli());
    }
}
