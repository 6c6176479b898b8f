package io.kpool.client;

import java.util.List;
import java.util.Map;

/**
 * What an audit of a pool's topics found: every record of {@code <prefix>.jobs} against the
 * results and dead letters (see {@link AuditBook} for the matching rules). Written as JSON by
 * {@code kpool audit --json}, field for field.
 *
 * @param prefix        the topic prefix audited
 * @param submitted     records read from the jobs topic
 * @param accepted      distinct jobs: the first record of each valid id
 * @param rejected      jobs records that a dead letter from the dispatcher points at, not replayed (whatever
 *                      its reason; a job rejected for its payload is also counted as accepted)
 * @param resubmissions jobs records with a valid id that was already taken by an earlier record
 * @param malformed     jobs records that are not a job (no JSON object with a non-blank string {@code id}
 *                      and a {@code payload})
 * @param retries       jobs records kpool wrote again for a job accepted before ({@code attempt} above 1):
 *                      moved off a slot that gave up, or replayed; their outcomes count for that job
 * @param cancelRequests jobs records that are cancel requests ({@code {"cancel": "<job id>"}}): no outcome of their own
 * @param results       records read from the results topic
 * @param deadLetters   records read from the dead-letters topic, replayed ones included
 * @param deadLettersByReason dead letters by reason, the most frequent first (replayed ones included)
 * @param replayed      dead letters replayed by {@code kpool replay}: the replay's outcome counts instead
 * @param unreadable    results or dead letters that could not be read (not the JSON of their topic)
 * @param waiting       delayed jobs the dispatchers hold, not yet routed (their time not come, or no dispatcher
 *                      running): no outcome yet, and not missing
 * @param missing       jobs records with no outcome
 * @param duplicated    jobs records (or accepted jobs) with more than one outcome
 * @param unmatched     results and dead letters that match no jobs record read (do not fail the audit)
 * @param passed        whether nothing is missing and nothing is duplicated
 */
public record AuditReport(String prefix, long submitted, long accepted, long rejected, long resubmissions,
                          long malformed, long retries, long cancelRequests, long results, long deadLetters,
                          Map<String, Long> deadLettersByReason, long replayed, long unreadable, long waiting,
                          Issues missing,
                          Issues duplicated, Issues unmatched, boolean passed) {

    /**
     * How many records have one kind of problem, and the first few of them.
     *
     * @param count    how many there are in all
     * @param examples up to the {@code --show} first ones, in jobs-topic order (partition, then offset)
     */
    public record Issues(long count, List<Example> examples) {

        public Issues {
            examples = List.copyOf(examples);
        }
    }

    /**
     * One record with a problem.
     *
     * @param jobId     the job's id, when known
     * @param topic     the topic of the record the problem is about
     * @param partition its partition, when known (a result's position is not kept)
     * @param offset    its offset, when known
     * @param detail    what is wrong, for a person: {@code 2 results}, {@code no result or dead letter}
     */
    public record Example(String jobId, String topic, Integer partition, Long offset, String detail) {
    }
}
