package io.kpool.client;

/**
 * What became of a cancel of one job, as {@code kpool cancel} says it.
 *
 * @param jobId    the job
 * @param kind     what became of it
 * @param reason   for a dead letter: its reason; else null
 * @param workerId the worker that ran the job when it was cancelled, or the one it was queued for; null when unknown
 * @param running  for {@link Kind#CANCELLED}: whether a worker was running the job (and stopped for it)
 * @param runAt    for {@link Kind#CANCELLED}: the time a job cancelled while it waited was to run at (epoch
 *                 millis); else null
 */
public record CancelAnswer(String jobId, Kind kind, String reason, Integer workerId, boolean running, Long runAt) {

    /** An answer about a job that did not wait for a time to run. */
    public CancelAnswer(String jobId, Kind kind, String reason, Integer workerId, boolean running) {
        this(jobId, kind, reason, workerId, running, null);
    }

    /** What became of a cancel. */
    public enum Kind {
        /** The job's outcome is a {@code cancelled} dead letter: it was not run, or it was stopped. */
        CANCELLED,
        /** The job had its outcome (a result or a dead letter) before the cancel was asked for: nothing sent. */
        ALREADY_FINISHED,
        /** The job's outcome came after the cancel was sent, but it is not {@code cancelled}: it finished first. */
        FINISHED_FIRST,
        /** The dispatcher knew no job of this id within its dedupe window: nothing changed. */
        UNKNOWN,
        /** No answer within the time given. */
        NO_ANSWER
    }

    /** One line for a person: {@code j1: cancelled (was running on worker 2)}. */
    public String describe() {
        String outcome = reason == null ? "result" : "dead letter " + reason;
        return jobId + ": " + switch (kind) {
            case CANCELLED -> "cancelled (" + (running ? "was running on worker " + workerId
                    : runAt != null ? "was waiting to run at " + java.time.Instant.ofEpochMilli(runAt)
                    : "was queued" + (workerId == null ? "" : " for worker " + workerId)) + ")";
            case ALREADY_FINISHED -> "already finished (" + outcome + ") — nothing changed";
            case FINISHED_FIRST -> "finished before the cancel took effect (" + outcome + ")";
            case UNKNOWN -> "unknown job (no job with this id was accepted within the dedupe window) — nothing changed";
            case NO_ANSWER -> "no answer yet (the cancel was asked for; its outcome will be on the results or "
                    + "dead-letters topic: kpool dead-letters --id " + jobId + ")";
        };
    }
}
