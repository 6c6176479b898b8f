package io.kpool.bench;

/**
 * One scenario's figures, kpool's and the plain pool's.
 *
 * @param name        the scenario's name
 * @param description what it ran
 * @param jobs        jobs submitted to each side
 * @param goodJobs    of those, the jobs the handler does not crash on
 * @param workers     kpool's workers, the plain pool's members
 * @param rate        jobs submitted a second, or 0 for all at once
 * @param deadlineMs  how long each side was given, from its first job submitted
 * @param kpoolOptions  kpool's options beyond the defaults (supervisor's, then dispatcher's), or empty
 * @param memberOptions the plain pool member's options
 * @param compare     the figure the ratio is taken of
 * @param kpool       kpool's side
 * @param plain       the plain pool's side
 */
public record ScenarioResult(String name, String description, int jobs, int goodJobs, int workers, int rate,
                             long deadlineMs, String kpoolOptions, String memberOptions,
                             Scenario.Compare compare, Side kpool, Side plain) {

    /**
     * One side's figures.
     *
     * @param ready       whether the pool came up (if not, nothing else was measured)
     * @param goodResults good jobs with a result by the deadline
     * @param deadLetters jobs dead-lettered by the deadline
     * @param latency     submit-to-result latency of the good jobs that have a result
     * @param doneMs      from the first job submitted until every good job has its result, or null if not by the
     *                    deadline
     * @param restarts    worker (member) processes restarted meanwhile
     */
    public record Side(boolean ready, int goodResults, int deadLetters, Percentiles latency, Long doneMs,
                       int restarts) {

        static Side notReady() {
            return new Side(false, 0, 0, Percentiles.of(new long[0]), null, 0);
        }

        Side withRestarts(int count) {
            return new Side(ready, goodResults, deadLetters, latency, doneMs, count);
        }
    }
}
