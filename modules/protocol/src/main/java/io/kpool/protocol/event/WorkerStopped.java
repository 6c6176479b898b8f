package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A worker process ended without crashing: it exited with status 0, or its supervisor stopped it.
 *
 * @param workerId    the slot
 * @param incarnation the incarnation that stopped
 * @param exitCode    its exit status
 * @param reason      {@code shutdown} (its supervisor is stopping), {@code restart_group} (stopped to be
 *                    restarted with a crashed sibling: one_for_all, rest_for_one) or {@code exited}
 *                    (it exited 0 by itself, e.g. drained on a SIGTERM from outside) or {@code cancelled}
 *                    (it stopped because the job it was running was cancelled; restarted at once, not a crash)
 * @param at          when (epoch millis)
 * @param jobId       for {@code cancelled}: the job cancelled; else null
 */
public record WorkerStopped(int workerId, long incarnation, Integer exitCode, String reason, long at, String jobId)
        implements WorkerEvent {
    public static final String TYPE = "worker_stopped";
    /** The reason of a worker that stopped to cancel the job it ran. */
    public static final String CANCELLED = "cancelled";

    /** A stop that concerns no job. */
    public WorkerStopped(int workerId, long incarnation, Integer exitCode, String reason, long at) {
        this(workerId, incarnation, exitCode, reason, at, null);
    }

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return "worker " + workerId + " stopped: " + (reason == null ? "" : reason.replace('_', ' ') + ", ")
                + (jobId == null ? "" : "job " + jobId + ", ") + "exit " + exitCode + " (incarnation " + incarnation + ")";
    }
}
