package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A crashed slot runs again: the new incarnation has sent its first heartbeat.
 *
 * @param workerId    the slot
 * @param incarnation the new incarnation
 * @param pid         its process id
 * @param restarts    how many times the slot has been restarted, this one included
 * @param downtimeMs  from the crash being noticed to the first heartbeat of the new incarnation
 * @param at          when (epoch millis)
 */
public record WorkerRestarted(int workerId, long incarnation, long pid, int restarts, long downtimeMs, long at)
        implements WorkerEvent {
    public static final String TYPE = "worker_restarted";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }


    @Override
    public String describe() {
        return "worker " + workerId + " restarted (incarnation " + incarnation + ", pid " + pid
                + ", restart #" + restarts + ", down " + downtimeMs + " ms)";
    }
}
