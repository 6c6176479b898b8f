package io.kpool.protocol;

import java.util.List;

/**
 * The latest known state of one slot, published by its supervisor to the compacted
 * {@code <prefix>.workers} topic keyed by slot. Dispatchers read it to skip dead slots;
 * {@code kpool status} reads it to draw the table; a supervisor restarted after a crash reads it to
 * resume the slot with its counters, history and suspect jobs.
 *
 * @param workerId       the slot
 * @param supervisor     the name of the supervisor that owns the slot
 * @param host           the host that supervisor (and the worker process) runs on
 * @param supervisorPid  the supervisor's process id on that host
 * @param state          {@code starting}, {@code running}, {@code stopping}, {@code restarting},
 *                       {@code stopped} or {@code gave_up}
 * @param alive          whether the slot takes jobs now
 * @param pid            the process id of the current incarnation, when one runs
 * @param incarnation    the current (or last) incarnation
 * @param restarts       how many times the slot was restarted, over its whole life
 * @param recentRestarts restarts within the supervisor's intensity window
 * @param maxRestarts    the most restarts the supervisor allows within that window
 * @param withinMs       the window
 * @param lastExit       how the last incarnation ended, e.g. {@code exit 1} or {@code signal KILL}
 * @param history        the slot's most recent lifecycle entries, newest first, capped
 * @param suspects       jobs that crashed this slot's worker and are not settled yet
 * @param updatedAt      when this state was published (epoch millis)
 */
public record WorkerStatus(int workerId, String supervisor, String host, Long supervisorPid, String state,
                           boolean alive, Long pid, long incarnation, int restarts, int recentRestarts,
                           int maxRestarts, long withinMs, String lastExit, List<HistoryEntry> history, List<Suspect> suspects, long updatedAt) {

    public WorkerStatus {
        history = history == null ? List.of() : List.copyOf(history);
        suspects = suspects == null ? List.of() : List.copyOf(suspects);
    }

    /** Whether the slot restarted more often than its supervisor allows within the window. */
    public boolean overLimit() {
        return recentRestarts > maxRestarts;
    }

    /** One remembered lifecycle entry of a slot. */
    public record HistoryEntry(long at, String type, String detail) {
    }

    /**
     * A job that crashed the slot's worker.
     *
     * @param offset   its task's offset in the slot's partition
     * @param jobId    the job
     * @param crashes  the crashes it caused, oldest first
     * @param poisoned whether it crashed the worker as often as a job may: the next incarnation
     *                 dead-letters it
     */
    public record Suspect(long offset, String jobId, List<DeadLetter.Crash> crashes, boolean poisoned) {
    }
}
