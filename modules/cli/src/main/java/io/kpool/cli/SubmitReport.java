package io.kpool.cli;

import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Result;
import java.util.List;

/**
 * What {@code kpool submit --json} prints: one JSON object, field for field. Without {@code --wait}
 * only {@code topic} and {@code sent} are there.
 *
 * @param topic         the jobs topic the jobs went to
 * @param sent          jobs sent
 * @param results       jobs with a result
 * @param deadLetters   jobs with a dead letter
 * @param missing       jobs with no outcome within {@code --timeout}
 * @param duplicated    outcomes beyond the first for a job (0 unless something is wrong)
 * @param seconds       from the first job sent to the last outcome (or the timeout)
 * @param jobsPerSecond jobs settled per second over that time
 * @param outcomes      each job's outcome, in the order they came: its result or its dead letter
 * @param missingIds    the ids of jobs with no outcome, sorted (a line of {@code --file} without an id
 *                      counts in {@code missing} only)
 */
record SubmitReport(String topic, int sent, Integer results, Integer deadLetters, Integer missing, Integer duplicated,
                    Double seconds, Double jobsPerSecond, List<Outcome> outcomes, List<String> missingIds) {

    /** What {@code --json} prints without {@code --wait}. */
    static SubmitReport sent(String topic, int sent) {
        return new SubmitReport(topic, sent, null, null, null, null, null, null, null, null);
    }

    /**
     * One job's outcome: exactly one of {@code result} and {@code deadLetter}.
     *
     * @param jobId      the job's id (null for a dead letter of a line that had none)
     * @param result     its result, as on the results topic
     * @param deadLetter its dead letter, as on the dead-letters topic
     */
    record Outcome(String jobId, Result result, DeadLetter deadLetter) {

        static Outcome of(Result result) {
            return new Outcome(result.jobId(), result, null);
        }

        static Outcome of(DeadLetter letter) {
            return new Outcome(letter.jobId(), null, letter);
        }
    }
}
