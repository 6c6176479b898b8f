package io.kpool.dashboard.view;

/**
 * The pool in a few numbers, for the page's header.
 *
 * @param workers       slots known
 * @param running       slots shown running
 * @param crashed       slots shown crashed
 * @param restarting    slots starting or restarting
 * @param gaveUp        slots given up (quarantined)
 * @param inFlight      jobs queued for a worker or running, by their heartbeats
 * @param perSecond     results a second over the last 10 seconds
 * @param p50           their median latency (ms), if any
 * @param p99           their 99th percentile latency (ms), if any
 * @param results       results seen since this dashboard started
 * @param deadLetters   dead letters seen since this dashboard started (and those it read back)
 * @param restarts      restarts of all slots, over their lives
 */
public record Totals(int workers, int running, int crashed, int restarting, int gaveUp, long inFlight,
                     double perSecond, Long p50, Long p99, long results, long deadLetters, long restarts) {
}
