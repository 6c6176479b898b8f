package io.kpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job routed to one slot, as the dispatcher writes it to partition {@code slot} of
 * {@code <prefix>.tasks}, keyed by the job id.
 *
 * @param jobId        the job's id
 * @param payload      the job's payload, unchanged
 * @param handler      the handler to run it with, or null for the worker's default
 * @param slot         the slot (and partition) the job was routed to
 * @param attempt      1 for the first dispatch of the job
 * @param submittedAt  when the job reached {@code <prefix>.jobs} (epoch millis, the record timestamp)
 * @param dispatchedAt when the dispatcher routed it (epoch millis)
 * @param runAt        for a delayed job, the time it was to run at (epoch millis); else null
 */
public record Task(String jobId, JsonNode payload, String handler, int slot, int attempt, long submittedAt,
                   long dispatchedAt, Long runAt) {

    /** A task of a job that was not delayed. */
    public Task(String jobId, JsonNode payload, String handler, int slot, int attempt, long submittedAt,
                long dispatchedAt) {
        this(jobId, payload, handler, slot, attempt, submittedAt, dispatchedAt, null);
    }
}
