package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A slot's first worker process is up: it has sent its first heartbeat.
 *
 * @param workerId    the slot
 * @param incarnation the incarnation (1 unless the supervisor resumed a slot)
 * @param pid         the worker's process id
 * @param supervisor  the supervisor that started it
 * @param at          when (epoch millis)
 */
public record WorkerStarted(int workerId, long incarnation, long pid, String supervisor, long at)
        implements WorkerEvent {
    public static final String TYPE = "worker_started";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }


    @Override
    public String describe() {
        return "worker " + workerId + " started (incarnation " + incarnation + ", pid " + pid + ", supervisor "
                + supervisor + ")";
    }
}
