package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A worker process died, or was killed because it stopped answering.
 *
 * @param workerId    the slot
 * @param incarnation the incarnation that crashed
 * @param pid         its process id
 * @param reason      {@code exit} (non-zero status), {@code signal}, {@code heartbeat_timeout} (its
 *                    heartbeats stopped), {@code job_timeout} (its heartbeats went on but one job ran past
 *                    the limit), {@code start_timeout} or {@code spawn_failed}
 * @param exitCode    the exit status, for {@code exit}
 * @param signal      the signal's name (e.g. {@code KILL}), for {@code signal}
 * @param jobId       the job it was running, when known
 * @param at          when the crash was noticed (epoch millis)
 */
public record WorkerCrashed(int workerId, long incarnation, long pid, String reason, Integer exitCode,
                            String signal, String jobId, long at) implements WorkerEvent {
    public static final String TYPE = "worker_crashed";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }


    @Override
    public String describe() {
        String how = switch (reason) {
            case "exit" -> "exit " + exitCode;
            case "signal" -> "SIG" + signal;
            default -> reason.replace('_', ' ');
        };
        return "worker " + workerId + " crashed: " + how + (jobId == null ? "" : " on job " + jobId)
                + " (incarnation " + incarnation + ", pid " + pid + ")";
    }
}
