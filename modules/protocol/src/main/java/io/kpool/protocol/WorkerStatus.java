package io.kpool.protocol;

import java.util.List;

/**
 * The latest known state of one slot, published by its supervisor to the compacted
 * {@code <prefix>.workers} topic keyed by slot. Dispatchers read it to skip dead slots;
 * {@code kpool status} reads it to draw the table.
 *
 * @param workerId    the slot
 * @param supervisor  the supervisor that owns the slot
 * @param state       {@code starting}, {@code running}, {@code crashed}, {@code restarting} or {@code stopped}
 * @param alive       whether the slot takes jobs now
 * @param pid         the process id of the current incarnation, when one runs
 * @param incarnation the current (or last) incarnation
 * @param restarts    how many times the slot was restarted
 * @param lastExit    how the last incarnation ended, e.g. {@code exit 1} or {@code signal KILL}
 * @param history     the slot's most recent lifecycle entries, newest first, capped
 * @param updatedAt   when this state was published (epoch millis)
 */
public record WorkerStatus(int workerId, String supervisor, String state, boolean alive, Long pid,
                           long incarnation, int restarts, String lastExit, List<HistoryEntry> history,
                           long updatedAt) {

    /** One remembered lifecycle entry of a slot. */
    public record HistoryEntry(long at, String type, String detail) {
    }
}
