package io.kpool.core.supervision;

import java.util.List;

/**
 * What happened, as the supervisor's shell reports it to {@link Supervision#on(SupervisorInput)}.
 * Whoever takes inputs in implements {@link Visitor}: a new kind of input does not compile until
 * every visitor handles it.
 */
public sealed interface SupervisorInput {

    /** Hands this input to the visitor's method for its kind. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of input. */
    interface Visitor<R> {

        R spawned(Spawned input);

        R spawnFailed(SpawnFailed input);

        R exited(Exited input);

        R heartbeatSeen(HeartbeatSeen input);

        R localBeat(LocalBeat input);

        R evacuationEnded(EvacuationEnded input);

        R tick(Tick input);

        R shutdown(Shutdown input);
    }

    /** The process for a {@link SupervisorCommand.Spawn} is running with this pid. */
    record Spawned(int slot, long incarnation, long pid) implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.spawned(this);
        }
    }

    /** The process for a {@link SupervisorCommand.Spawn} could not be started. */
    record SpawnFailed(int slot, long incarnation, String error) implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.spawnFailed(this);
        }
    }

    /**
     * A worker process ended.
     *
     * @param culprits   the tasks it was running, from its black box, longest-running first; empty
     *                   when it was idle
     * @param stderrTail the last lines it wrote to standard error
     * @param processed  tasks it finished before it ended (from its black box)
     * @param cancelled  the job it stopped for, cancelled while it ran (from its black box), or null
     */
    record Exited(int slot, long incarnation, ExitStatus status, List<Culprit> culprits, List<String> stderrTail,
                  long processed, String cancelled) implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.exited(this);
        }

        public Exited {
            culprits = culprits == null ? List.of() : List.copyOf(culprits);
        }

        /** An exit with no job cancelled. */
        public Exited(int slot, long incarnation, ExitStatus status, List<Culprit> culprits, List<String> stderrTail,
                      long processed) {
            this(slot, incarnation, status, culprits, stderrTail, processed, null);
        }

        /**
         * Whether the worker stopped itself to cancel the job it ran: its status says so and its
         * black box names the job.
         */
        public boolean stoppedToCancel() {
            return status.code() == ExitStatus.CANCELLED_JOB && cancelled != null;
        }

        /** An exit of a worker running one task at a time (or none: null), with nothing known of the work done. */
        public Exited(int slot, long incarnation, ExitStatus status, Culprit culprit, List<String> stderrTail) {
            this(slot, incarnation, status, culprit == null ? List.of() : List.of(culprit), stderrTail, 0);
        }
    }

    /**
     * A heartbeat arrived.
     *
     * @param position  the offset of the next task the worker will take
     * @param busySince when the worker started its current job (epoch millis), or null when idle
     */
    record HeartbeatSeen(int slot, long incarnation, long position, Long busySince) implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.heartbeatSeen(this);
        }

        /** A heartbeat of an idle worker. */
        public HeartbeatSeen(int slot, long incarnation, long position) {
            this(slot, incarnation, position, null);
        }
    }

    /**
     * A running worker's heartbeat thread left a sign of life in its black box (read on the
     * supervisor's host, without Kafka: a broker that is away does not make workers look dead).
     *
     * @param beatAt    when (epoch millis)
     * @param busySince when it started its current job (epoch millis), or null when idle
     */
    record LocalBeat(int slot, long incarnation, long beatAt, Long busySince) implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.localBeat(this);
        }
    }

    /**
     * The process of a {@link SupervisorCommand.Evacuate} ended, or could not be started.
     *
     * @param moved  whether it finished its work (exit 0): every task queued for the slot moved
     * @param detail its exit status, or why it could not start
     */
    record EvacuationEnded(int slot, long incarnation, boolean moved, String detail) implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.evacuationEnded(this);
        }
    }

    /** Time passed: check timeouts and due restarts. */
    record Tick() implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.tick(this);
        }
    }

    /** Stop every worker (drain, then kill after the grace) and restart none. */
    record Shutdown() implements SupervisorInput {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.shutdown(this);
        }
    }
}
