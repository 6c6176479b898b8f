package io.kpool.core.supervision;

import io.kpool.core.history.CappedHistory;
import io.kpool.protocol.WorkerStatus.HistoryEntry;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerGaveUp;
import io.kpool.protocol.event.WorkerStopped;
import java.time.Instant;
import java.util.List;

/**
 * One slot's lifecycle as published with its state: the last entries (at most {@code limit}) and
 * how its last process ended. The events of a worker's end are written down here as they are made.
 */
final class SlotHistory {

    private final int limit;
    private List<HistoryEntry> entries = List.of();
    private String lastExit;

    SlotHistory(int limit) {
        this.limit = limit;
    }

    List<HistoryEntry> entries() {
        return entries;
    }

    /** How the last process ended, as {@link ExitStatus#describe()} says it; null before the first end. */
    String lastExit() {
        return lastExit;
    }

    /** Takes over what a previous supervisor published. */
    void resume(List<HistoryEntry> published, String publishedLastExit) {
        entries = published;
        lastExit = publishedLastExit;
    }

    void remember(Instant now, String type, String detail) {
        entries = CappedHistory.appendCapped(entries, new HistoryEntry(now.toEpochMilli(), type, detail), limit);
    }

    void exited(ExitStatus status) {
        lastExit = status.describe();
    }

    /** An end that is not a crash. */
    WorkerStopped stopped(Instant now, int slot, long incarnation, int exitCode, String reason) {
        remember(now, WorkerStopped.TYPE, reason + " (" + lastExit + ")");
        return new WorkerStopped(slot, incarnation, exitCode, reason, now.toEpochMilli());
    }

    /** A stop to cancel the job the worker ran. */
    WorkerStopped stoppedToCancel(Instant now, int slot, long incarnation, int exitCode, String jobId) {
        remember(now, WorkerStopped.TYPE, WorkerStopped.CANCELLED + " job " + jobId + " (" + lastExit + ")");
        return new WorkerStopped(slot, incarnation, exitCode, WorkerStopped.CANCELLED, now.toEpochMilli(), jobId);
    }

    /**
     * A crash.
     *
     * @param status how the process ended, null when it never started
     * @param jobId  the job it ran, or null
     */
    WorkerCrashed crashed(Instant now, int slot, long incarnation, long pid, String reason, ExitStatus status,
                          String jobId) {
        remember(now, WorkerCrashed.TYPE, reason + (status == null ? "" : " (" + status.describe() + ")")
                + (jobId == null ? "" : " on job " + jobId));
        return new WorkerCrashed(slot, incarnation, pid, reason,
                status == null || status.signal().isPresent() ? null : status.code(),
                status == null ? null : status.signal().map(Enum::name).orElse(null), jobId, now.toEpochMilli());
    }

    /** The quarantine of a worker past its own restart intensity. */
    WorkerGaveUp gaveUp(Instant now, int slot, long incarnation, int recentRestarts, RestartPolicy restart) {
        remember(now, WorkerGaveUp.TYPE, "more than " + restart.maxRestarts() + " restarts within "
                + restart.within().toMillis() + " ms");
        return new WorkerGaveUp(slot, incarnation, recentRestarts, restart.maxRestarts(),
                restart.within().toMillis(), now.toEpochMilli());
    }
}
