package io.kpool.core.supervision;

import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import java.util.List;
import java.util.Set;

/**
 * What the supervisor's shell must do, as {@link Supervision} decides. Whoever carries commands
 * out implements {@link Visitor}: a new kind of command does not compile until every visitor
 * handles it.
 */
public sealed interface SupervisorCommand {

    /** Hands this command to the visitor's method for its kind. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of command. */
    interface Visitor<R> {

        R spawn(Spawn command);

        R evacuate(Evacuate command);

        R kill(Kill command);

        R publish(Publish command);

        R emit(Emit command);
    }

    /**
     * Start a worker process for the slot, then report {@link SupervisorInput.Spawned} or
     * {@link SupervisorInput.SpawnFailed}.
     *
     * @param poison   tasks the new worker must dead-letter instead of running
     * @param suspects offsets of tasks that were running at a crash and are not judged yet: the new
     *                 worker runs each alone, so a crash it causes again is blamed on it alone
     */
    record Spawn(int slot, long incarnation, List<PoisonVerdict> poison, Set<Long> suspects)
            implements SupervisorCommand {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.spawn(this);
        }

        public Spawn {
            suspects = Set.copyOf(suspects);
        }

        /** A spawn with no suspects. */
        public Spawn(int slot, long incarnation, List<PoisonVerdict> poison) {
            this(slot, incarnation, poison, Set.of());
        }
    }

    /**
     * Move the tasks queued for a slot that will not run again (quarantined, or not restarted by
     * its restart type) back to the jobs topic, fencing the slot first.
     */
    record Evacuate(int slot, long incarnation, List<PoisonVerdict> poison) implements SupervisorCommand {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.evacuate(this);
        }
    }

    /** Send a signal to a worker process. */
    record Kill(int slot, long incarnation, long pid, Signal signal) implements SupervisorCommand {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.kill(this);
        }
    }

    /** Publish the slot's state to {@code <prefix>.workers}. */
    record Publish(WorkerStatus status) implements SupervisorCommand {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.publish(this);
        }
    }

    /** Broadcast an event on {@code <prefix>.events}. */
    record Emit(PoolEvent event) implements SupervisorCommand {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.emit(this);
        }
    }
}
