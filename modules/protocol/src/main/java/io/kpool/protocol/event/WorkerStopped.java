package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A worker was stopped on purpose (its supervisor shut down) and will not be restarted by it.
 *
 * @param workerId    the slot
 * @param incarnation the incarnation that stopped
 * @param exitCode    its exit status
 * @param at          when (epoch millis)
 */
public record WorkerStopped(int workerId, long incarnation, Integer exitCode, long at) implements WorkerEvent {
    public static final String TYPE = "worker_stopped";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }


    @Override
    public String describe() {
        return "worker " + workerId + " stopped (exit " + exitCode + ")";
    }
}
