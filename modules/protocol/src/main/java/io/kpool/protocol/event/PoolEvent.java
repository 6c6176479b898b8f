package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A lifecycle change of the pool, broadcast on {@code <prefix>.events}. The JSON form carries
 * {@code "type"}: the {@link #type()} of the kind.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WorkerStarted.class, name = WorkerStarted.TYPE),
        @JsonSubTypes.Type(value = WorkerCrashed.class, name = WorkerCrashed.TYPE),
        @JsonSubTypes.Type(value = WorkerRestarted.class, name = WorkerRestarted.TYPE),
        @JsonSubTypes.Type(value = WorkerStopped.class, name = WorkerStopped.TYPE),
        @JsonSubTypes.Type(value = JobDeadLettered.class, name = JobDeadLettered.TYPE),
        @JsonSubTypes.Type(value = SupervisorStarted.class, name = SupervisorStarted.TYPE),
        @JsonSubTypes.Type(value = SupervisorStopped.class, name = SupervisorStopped.TYPE),
        @JsonSubTypes.Type(value = WorkerGaveUp.class, name = WorkerGaveUp.TYPE),
        @JsonSubTypes.Type(value = SupervisorGaveUp.class, name = SupervisorGaveUp.TYPE),
        @JsonSubTypes.Type(value = TasksRerouted.class, name = TasksRerouted.TYPE),
        @JsonSubTypes.Type(value = CancelRefused.class, name = CancelRefused.TYPE),
})
public sealed interface PoolEvent
        permits WorkerEvent, JobDeadLettered, SupervisorStarted, SupervisorStopped, SupervisorGaveUp, CancelRefused {

    /** When it happened (epoch millis). */
    long at();

    /** The wire name of this kind, e.g. {@code worker_crashed}. */
    String type();

    /** The event in a few words, for people: {@code worker 2 crashed: exit 1 on job j-3 (...)}. */
    String describe();

    /** The slot the event is about, or -1 when it is about no single slot. */
    default int slot() {
        return -1;
    }
}
