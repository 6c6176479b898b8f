package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A job went to {@code <prefix>.dead-letters}.
 *
 * @param jobId    the job's id, when known
 * @param reason   the dead letter's reason
 * @param workerId the slot that dead-lettered it, or null when the dispatcher did
 * @param at       when (epoch millis)
 */
public record JobDeadLettered(String jobId, String reason, Integer workerId, long at) implements PoolEvent {
    public static final String TYPE = "job_dead_lettered";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public int slot() {
        return workerId == null ? -1 : workerId;
    }

    @Override
    public String describe() {
        return "job " + (jobId == null ? "(no id)" : jobId) + " dead-lettered: " + reason
                + (workerId == null ? "" : " (worker " + workerId + ")");
    }
}
