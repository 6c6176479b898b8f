package io.kpool.core.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a slot holds in each {@link SlotState}: one record per state, so a kill deadline exists only
 * while a worker is stopping, a restart time only while it backs off, a last heartbeat only while
 * it runs. A {@link Child} holds one at a time and moves between them by {@link SlotState}'s table.
 */
sealed interface Phase {

    /** The state this record is the data of. */
    SlotState state();

    /** A state in which a process runs, or is being started, for the slot. */
    sealed interface Live extends Phase {

        /** When the process was asked for. */
        Instant spawnedAt();

        /** The process id, once the shell has reported it. */
        OptionalLong pid();

        /** The same phase with the process id known. */
        Live withPid(long pid);
    }

    /** A process was asked for; its first heartbeat has not come. */
    record Starting(Instant spawnedAt, OptionalLong pid) implements Live {

        public Starting {
            Objects.requireNonNull(spawnedAt, "spawnedAt cannot be null");
            Objects.requireNonNull(pid, "pid cannot be null");
        }

        /** A process just asked for. */
        static Starting at(Instant spawnedAt) {
            return new Starting(spawnedAt, OptionalLong.empty());
        }

        @Override
        public SlotState state() {
            return SlotState.STARTING;
        }

        @Override
        public Starting withPid(long pid) {
            return new Starting(spawnedAt, OptionalLong.of(pid));
        }

        /** {@link StopReason#START_TIMEOUT} once the started worker has not sent its first heartbeat in time. */
        Optional<StopReason> overdue(Instant now, SupervisorPolicy policy) {
            return pid.isPresent() && Duration.between(spawnedAt, now).compareTo(policy.startTimeout()) > 0
                    ? Optional.of(StopReason.START_TIMEOUT) : Optional.empty();
        }
    }

    /**
     * The worker heartbeats.
     *
     * @param busySince when it started the job it runs (epoch millis), empty when idle
     */
    record Running(Instant spawnedAt, OptionalLong pid, Instant lastHeartbeat, OptionalLong busySince)
            implements Live {

        public Running {
            Objects.requireNonNull(spawnedAt, "spawnedAt cannot be null");
            Objects.requireNonNull(pid, "pid cannot be null");
            Objects.requireNonNull(lastHeartbeat, "lastHeartbeat cannot be null");
            Objects.requireNonNull(busySince, "busySince cannot be null");
        }

        @Override
        public SlotState state() {
            return SlotState.RUNNING;
        }

        @Override
        public Running withPid(long pid) {
            return new Running(spawnedAt, OptionalLong.of(pid), lastHeartbeat, busySince);
        }

        /** Why the worker must be stopped now, if it must: it went silent, or its job overran. */
        Optional<StopReason> overdue(Instant now, SupervisorPolicy policy) {
            if (Duration.between(lastHeartbeat, now).compareTo(policy.heartbeatTimeout()) > 0) {
                return Optional.of(StopReason.HEARTBEAT_TIMEOUT);
            }
            if (policy.limitsJobs() && busySince.isPresent()
                    && now.toEpochMilli() - busySince.getAsLong() > policy.jobTimeout().toMillis()) {
                return Optional.of(StopReason.JOB_TIMEOUT);
            }
            return Optional.empty();
        }

        /** A sign of life at {@code at}, busy since {@code busy} or idle. */
        Running beat(Instant at, OptionalLong busy) {
            return new Running(spawnedAt, pid, at, busy);
        }
    }

    /**
     * The worker was sent SIGTERM (or will be, once its pid is known) and gets SIGKILL at
     * {@code killAt}.
     */
    record Stopping(Instant spawnedAt, OptionalLong pid, StopReason reason, Instant killAt, boolean killSent)
            implements Live {

        public Stopping {
            Objects.requireNonNull(spawnedAt, "spawnedAt cannot be null");
            Objects.requireNonNull(pid, "pid cannot be null");
            Objects.requireNonNull(reason, "reason cannot be null");
            Objects.requireNonNull(killAt, "killAt cannot be null");
        }

        @Override
        public SlotState state() {
            return SlotState.STOPPING;
        }

        @Override
        public Stopping withPid(long pid) {
            return new Stopping(spawnedAt, OptionalLong.of(pid), reason, killAt, killSent);
        }

        Stopping because(StopReason why) {
            return new Stopping(spawnedAt, pid, why, killAt, killSent);
        }

        Stopping killAt(Instant at) {
            return new Stopping(spawnedAt, pid, reason, at, killSent);
        }

        Stopping killed() {
            return new Stopping(spawnedAt, pid, reason, killAt, true);
        }

        /** Whether SIGKILL is due and not sent yet. */
        boolean killDue(Instant now) {
            return !killSent && pid.isPresent() && !now.isBefore(killAt);
        }
    }

    /**
     * The worker ended and waits to be started again: at {@code restartAt}, or, when empty, with
     * its group (one_for_all, rest_for_one), which decides when.
     */
    record BackingOff(Optional<Instant> restartAt) implements Phase {

        public BackingOff {
            Objects.requireNonNull(restartAt, "restartAt cannot be null");
        }

        static BackingOff until(Instant restartAt) {
            return new BackingOff(Optional.of(restartAt));
        }

        static BackingOff withGroup() {
            return new BackingOff(Optional.empty());
        }

        @Override
        public SlotState state() {
            return SlotState.BACKING_OFF;
        }

        /** Whether its own restart time has come. */
        boolean due(Instant now) {
            return restartAt.map(at -> !now.isBefore(at)).orElse(false);
        }
    }

    /**
     * No process, and none started unless a sibling's group restart takes it along.
     *
     * @param removed a temporary worker that ended: never started again, not even with its group
     */
    record Stopped(boolean removed) implements Phase {

        @Override
        public SlotState state() {
            return SlotState.STOPPED;
        }
    }

    /** Quarantined past its own restart intensity: never started again by this supervisor. */
    record GaveUp() implements Phase {

        @Override
        public SlotState state() {
            return SlotState.GAVE_UP;
        }
    }
}
