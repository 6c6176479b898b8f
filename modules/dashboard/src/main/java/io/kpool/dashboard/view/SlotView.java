package io.kpool.dashboard.view;

/**
 * One slot's row in the supervision tree.
 *
 * @param workerId       the slot
 * @param display        what the row shows ({@link DisplayState#wireName()}): its supervisor's state, or
 *                       {@code crashed} until a newer incarnation runs
 * @param state          the state its supervisor published
 * @param alive          whether it takes jobs
 * @param pid            the current process, if any
 * @param incarnation    the current incarnation
 * @param restarts       restarts over the slot's life
 * @param recentRestarts restarts within the supervisor's intensity window
 * @param maxRestarts    the most restarts the window allows
 * @param withinMs       the window
 * @param overLimit      whether {@code recentRestarts} is over {@code maxRestarts}
 * @param lastExit       how the previous incarnation ended, if it did
 * @param processed      jobs done by the current incarnation (its heartbeat), if known
 * @param inFlight       jobs queued for it or running (its heartbeat), if known
 * @param currentJob     the job it runs now, if any
 * @param busyMs         how long it has run {@code currentJob}
 * @param heartbeatAgeMs age of its last heartbeat of the current incarnation, or null if none was seen
 * @param stateAgeMs     age of its supervisor's last word on it
 * @param lastCrash      its latest crash seen, if any
 * @param suspects       jobs that crashed it and are not settled yet
 */
public record SlotView(int workerId, String display, String state, boolean alive, Long pid, long incarnation,
                       int restarts, int recentRestarts, int maxRestarts, long withinMs, boolean overLimit,
                       String lastExit, Long processed, Long inFlight, String currentJob, Long busyMs,
                       Long heartbeatAgeMs, long stateAgeMs, CrashView lastCrash, int suspects) {
}
