package io.kpool.protocol;

/**
 * A dispatcher's order to the workers, on {@code <prefix>.cancels} (key = job id): the job accepted
 * at {@code submittedAt} is cancelled. A worker does not run that job's task (it dead-letters it,
 * reason {@code cancelled}), and a worker running it stops. The time tells the job from a later
 * job of the same id, and from a replay of it.
 *
 * @param jobId       the job's id
 * @param submittedAt the time of the job's record on the jobs topic (epoch millis): its tasks' {@code submittedAt}
 * @param at          when the dispatcher took the cancel request in (epoch millis)
 */
public record CancelOrder(String jobId, long submittedAt, long at) {
}
