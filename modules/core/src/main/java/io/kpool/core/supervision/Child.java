package io.kpool.core.supervision;

import io.kpool.core.history.CappedHistory;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerGaveUp;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.protocol.event.WorkerStarted;
import io.kpool.protocol.event.WorkerStopped;
import io.kpool.protocol.WorkerStatus.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a supervisor knows of one slot: its lifecycle state, its process, its counters. */
final class Child {

    final int slot;
    final CrashLedger ledger;
    final RestartIntensity intensity;
    private final SupervisorIdentity identity;

    SlotState state = SlotState.STARTING;
    /** A temporary worker that ended: it is never started again. */
    boolean removed;
    long incarnation;
    Long pid;
    int startsHere;
    Instant spawnedAt;
    Instant lastHeartbeat;
    Long busySince;
    Instant crashNoticedAt;
    Instant restartAt;
    Instant killAt;
    String stopReason;
    boolean killSent;
    int restarts;
    int crashesInARow;
    /** The incarnation that just ended finished at least one task: its end is not part of a crash loop. */
    boolean progressed;
    String lastExit;
    List<HistoryEntry> history = List.of();

    Child(int slot, SupervisorIdentity identity, CrashLedger ledger, RestartIntensity intensity) {
        this.slot = slot;
        this.identity = identity;
        this.ledger = ledger;
        this.intensity = intensity;
    }

    /** Takes over what a previous supervisor published for the slot. */
    void resume(WorkerStatus previous) {
        incarnation = previous.incarnation();
        restarts = previous.restarts();
        lastExit = previous.lastExit();
        history = previous.history();
        ledger.restore(previous.suspects());
    }

    void moveTo(SlotState target) {
        state = state.moveTo(target);
    }

    long pidOrNone() {
        return pid == null ? -1 : pid;
    }

    void remember(Instant now, String type, String detail, int limit) {
        history = CappedHistory.appendCapped(history, new HistoryEntry(now.toEpochMilli(), type, detail), limit);
    }

    /** Whether the worker ran long enough for its crash streak to be forgotten. */
    boolean ranStably(Instant now, Duration resetAfter) {
        return spawnedAt != null && Duration.between(spawnedAt, now).compareTo(resetAfter) >= 0;
    }

    /** Announces the first heartbeat of this incarnation: started (first start here) or restarted. */
    PoolEvent cameUp(Instant now, int limit) {
        PoolEvent event = startsHere == 1
                ? new WorkerStarted(slot, incarnation, pidOrNone(), identity.name(), now.toEpochMilli())
                : new WorkerRestarted(slot, incarnation, pidOrNone(), restarts,
                crashNoticedAt == null ? 0 : Duration.between(crashNoticedAt, now).toMillis(), now.toEpochMilli());
        remember(now, event.type(), "incarnation " + incarnation + ", pid " + pidOrNone(), limit);
        return event;
    }

    /** Announces an end that is not a crash. */
    WorkerStopped stopped(Instant now, int exitCode, String reason, int limit) {
        remember(now, WorkerStopped.TYPE, reason + " (" + lastExit + ")", limit);
        return new WorkerStopped(slot, incarnation, exitCode, reason, now.toEpochMilli());
    }

    /** Announces a stop to cancel the job it ran. */
    WorkerStopped stoppedToCancel(Instant now, int exitCode, String jobId, int limit) {
        remember(now, WorkerStopped.TYPE, WorkerStopped.CANCELLED + " job " + jobId + " (" + lastExit + ")", limit);
        return new WorkerStopped(slot, incarnation, exitCode, WorkerStopped.CANCELLED, now.toEpochMilli(), jobId);
    }

    /** Announces a crash. */
    WorkerCrashed crashed(Instant now, String reason, ExitStatus status, String jobId, int limit) {
        remember(now, WorkerCrashed.TYPE, reason + (status == null ? "" : " (" + status.describe() + ")")
                + (jobId == null ? "" : " on job " + jobId), limit);
        return new WorkerCrashed(slot, incarnation, pidOrNone(), reason,
                status == null || status.signal().isPresent() ? null : status.code(),
                status == null ? null : status.signal().map(Enum::name).orElse(null), jobId, now.toEpochMilli());
    }

    /** Announces the quarantine. */
    WorkerGaveUp gaveUp(Instant now, RestartPolicy restart, int limit) {
        remember(now, WorkerGaveUp.TYPE, "more than " + restart.maxRestarts() + " restarts within "
                + restart.within().toMillis() + " ms", limit);
        return new WorkerGaveUp(slot, incarnation, intensity.recent(now), restart.maxRestarts(),
                restart.within().toMillis(), now.toEpochMilli());
    }

    /**
     * Time passed: a restart that is due (unless the slot waits for its group), a timeout that is
     * up, a SIGKILL whose grace is over.
     */
    void tick(Instant now, SupervisorPolicy policy, boolean inGroup, List<SupervisorCommand> out) {
        switch (state) {
            case BACKING_OFF -> {
                if (!inGroup && restartAt != null && !now.isBefore(restartAt)) {
                    restarts++;
                    spawn(now, out);
                }
            }
            case STARTING, RUNNING -> overdue(now, policy).ifPresent(reason ->
                    stop(reason, policy.shutdownGrace(), now, out));
            case STOPPING -> {
                if (!killSent && pid != null && !now.isBefore(killAt)) {
                    killSent = true;
                    kill(Signal.KILL, out);
                }
            }
            default -> {
                // nothing runs: nothing to watch
            }
        }
    }

    /** The supervisor stops: drain what runs, forget a restart that waits. */
    void shutDown(Instant now, Duration grace, List<SupervisorCommand> out) {
        switch (state) {
            case STARTING, RUNNING -> stop(Supervision.SHUTDOWN, grace, now, out);
            case STOPPING -> {
                stopReason = Supervision.SHUTDOWN;
                killAt = now.plus(grace);
            }
            case BACKING_OFF -> {
                moveTo(SlotState.STOPPED);
                out.add(publish(now));
            }
            default -> {
                // already down
            }
        }
    }

    /** Starts a new incarnation. */
    void spawn(Instant now, List<SupervisorCommand> out) {
        if (startsHere > 0) {
            moveTo(SlotState.STARTING);
        }
        startsHere++;
        incarnation++;
        pid = null;
        spawnedAt = now;
        lastHeartbeat = null;
        busySince = null;
        restartAt = null;
        stopReason = null;
        killSent = false;
        out.add(new SupervisorCommand.Spawn(slot, incarnation, ledger.verdicts(), ledger.suspectOffsets()));
        out.add(publish(now));
    }

    /** SIGTERM now (or once the pid is known), SIGKILL when {@code grace} has passed. */
    void stop(String reason, Duration grace, Instant now, List<SupervisorCommand> out) {
        moveTo(SlotState.STOPPING);
        stopReason = reason;
        killAt = now.plus(grace);
        killSent = false;
        if (pid != null) {
            kill(grace.isZero() ? Signal.KILL : Signal.TERM, out);
            killSent = grace.isZero();
        }
        out.add(publish(now));
    }

    void kill(Signal signal, List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.Kill(slot, incarnation, pid, signal));
    }

    SupervisorCommand.Publish publish(Instant now) {
        return new SupervisorCommand.Publish(status(now));
    }

    /** The slot's state as published. */
    WorkerStatus status(Instant now) {
        return new WorkerStatus(slot, identity.name(), identity.host(), identity.pid(), state.wireName(),
                state == SlotState.RUNNING, pid, incarnation, restarts, intensity.recent(now), intensity.maxRestarts(),
                intensity.withinMillis(), lastExit, history,
                ledger.suspects(), now.toEpochMilli());
    }

    /** Why a live worker must be stopped now, if it must: it never came up, went silent, or a job overran. */
    Optional<String> overdue(Instant now, SupervisorPolicy policy) {
        if (state == SlotState.STARTING && pid != null && elapsed(spawnedAt, now, policy.startTimeout())) {
            return Optional.of("start_timeout");
        }
        if (state != SlotState.RUNNING) {
            return Optional.empty();
        }
        if (elapsed(lastHeartbeat, now, policy.heartbeatTimeout())) {
            return Optional.of("heartbeat_timeout");
        }
        if (policy.limitsJobs() && busySince != null && now.toEpochMilli() - busySince > policy.jobTimeout().toMillis()) {
            return Optional.of("job_timeout");
        }
        return Optional.empty();
    }

    private static boolean elapsed(Instant since, Instant now, Duration limit) {
        return since != null && Duration.between(since, now).compareTo(limit) > 0;
    }

    /** Whether this slot takes part in restarts: not quarantined, not a temporary worker that ended. */
    boolean restartable() {
        return !removed && state != SlotState.GAVE_UP;
    }
}
