package io.kpool.bench.peer;

/**
 * The figures of the plain consumer-group pool kpool is compared with.
 *
 * @param members           member processes in the group
 * @param jobs              jobs timed for throughput
 * @param jobsPerSecond     from the first job written to the last committed result read (over the results
 *                          that came, if not all did in time)
 * @param failoverDefaultMs default settings: SIGKILL of a member (not restarted) until every input partition
 *                          flows again; null if not measured or not reached in time
 * @param failoverStaticMs  static membership: SIGKILL of a member, restarted at once under its static id,
 *                          until every input partition flows again; null if not measured or not reached in time
 */
public record PeerResult(int members, int jobs, double jobsPerSecond, Long failoverDefaultMs,
                         Long failoverStaticMs) {
}
