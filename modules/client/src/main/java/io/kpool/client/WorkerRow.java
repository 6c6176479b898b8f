package io.kpool.client;

/**
 * One line of {@code kpool status}: a slot's state as its supervisor published it, with what its
 * latest heartbeat said.
 *
 * @param workerId       the slot
 * @param supervisor     the supervisor that owns it
 * @param host           the host it runs on
 * @param supervisorPid  the supervisor's process id
 * @param state          starting, running, stopping, restarting, stopped or gave_up
 * @param alive          whether it takes jobs
 * @param pid            the current process, if any
 * @param incarnation    the current incarnation
 * @param restarts       restarts over the slot's life
 * @param recentRestarts restarts within the supervisor's intensity window
 * @param overLimit      whether those are more than the supervisor allows (the seed's {@code over_limit})
 * @param lastExit       how the previous incarnation ended, if it did
 * @param processed      jobs done by the current incarnation (from its heartbeat)
 * @param inFlight       jobs queued for it or running (from its heartbeat)
 * @param currentJob     the job running now
 * @param heartbeatAgeMs how long ago its last heartbeat was sent, or null if none was seen
 * @param stateAgeMs     how long ago its supervisor last published its state
 */
public record WorkerRow(int workerId, String supervisor, String host, Long supervisorPid, String state, boolean alive,
                        Long pid, long incarnation, int restarts, int recentRestarts, boolean overLimit, String lastExit,
                        Long processed,
                        Long inFlight, String currentJob, Long heartbeatAgeMs, long stateAgeMs) {
}
