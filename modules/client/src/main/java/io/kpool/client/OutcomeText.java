package io.kpool.client;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@code kpool audit} words a job's outcomes in its examples: {@code 2 results and 1 dead letter
 * (crashed_worker)}.
 */
final class OutcomeText {

    private OutcomeText() {
    }

    /** The outcomes that count for an accepted job. */
    static String describe(AuditTally tally, int workerLetters, int own, String ownReason, int throughRetries) {
        List<String> what = new ArrayList<>();
        if (tally.results > 0) {
            what.add(count(tally.results, "result"));
        }
        if (workerLetters > 0) {
            what.add(count(workerLetters, "dead letter") + " (" + tally.workerReason + ")");
        }
        if (own > 0) {
            what.add(count(own, "dead letter") + " for its jobs record (" + ownReason + ")");
        }
        if (throughRetries > 0) {
            what.add(count(throughRetries, "dead letter") + " for its retries");
        }
        return String.join(" and ", what);
    }

    /** {@code 1 result}, {@code 2 results}. */
    static String count(long n, String noun) {
        return count(n, noun, noun + "s");
    }

    /** {@code 1 retry}, {@code 2 retries}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
