package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Tasks queued for a slot that gave up (or will not be restarted) were moved back to
 * {@code <prefix>.jobs}, for the dispatchers to route to live slots; the slot was fenced first, so
 * none of them runs twice.
 *
 * @param workerId the slot they were queued for
 * @param count    how many tasks were moved
 * @param at       when (epoch millis)
 */
public record TasksRerouted(int workerId, long count, long at) implements WorkerEvent {
    public static final String TYPE = "tasks_rerouted";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return count + " tasks queued for worker " + workerId + " moved to the other workers";
    }
}
