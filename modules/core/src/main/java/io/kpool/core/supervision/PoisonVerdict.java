package io.kpool.core.supervision;

import io.kpool.protocol.DeadLetter;

/**
 * A task that crashed its worker as often as a job may: the next incarnation dead-letters it
 * instead of running it.
 *
 * @param offset   the task's offset in the slot's partition
 * @param jobId    the job's id
 * @param evidence the crashes it caused
 */
public record PoisonVerdict(long offset, String jobId, DeadLetter.Evidence evidence) {
}
