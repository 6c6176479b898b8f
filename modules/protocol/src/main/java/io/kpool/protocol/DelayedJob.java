package io.kpool.protocol;

/**
 * A job waiting for its time, on {@code <prefix>.delayed}: on the partition of the jobs topic it
 * came from, keyed {@code <job id>@<its offset there>}. The dispatcher that owns that jobs
 * partition writes it in the transaction that consumes the job, and when the time comes writes the
 * task and a tombstone for it in one transaction; a dispatcher handed the partition reads the
 * records left (compacted, read committed) and takes over their timers.
 *
 * @param job         the job as accepted, with {@link Job#runAt()} set (a {@code delay} resolved)
 * @param submittedAt when the job reached the jobs topic (its record timestamp, epoch millis)
 * @param partition   its partition of the jobs topic
 * @param offset      its offset there
 */
public record DelayedJob(Job job, long submittedAt, int partition, long offset) {

    /** The record key: unique per submission, so a re-submitted id never replaces an earlier one. */
    public String key() {
        return job.id() + "@" + offset;
    }

    /** When it is to run (epoch millis). */
    public long runAt() {
        return job.runAt();
    }
}
