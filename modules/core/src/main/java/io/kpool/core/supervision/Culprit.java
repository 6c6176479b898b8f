package io.kpool.core.supervision;

/**
 * The task a worker was running when it died, as its black box recorded it.
 *
 * @param offset the task's offset in the slot's partition
 * @param jobId  the job's id
 */
public record Culprit(long offset, String jobId) {
}
