package io.kpool.core.dispatch;

/**
 * What a strategy knows of one slot.
 *
 * @param id       the slot
 * @param alive    whether it takes jobs now
 * @param inFlight jobs routed to it and not yet finished, as far as the dispatcher knows
 * @param lanes    how many jobs its worker runs at once
 */
public record SlotView(int id, boolean alive, long inFlight, int lanes) {

    /** A slot whose worker runs one job at a time. */
    public SlotView(int id, boolean alive, long inFlight) {
        this(id, alive, inFlight, 1);
    }

    /** A live slot with the given load. */
    public static SlotView live(int id, long inFlight) {
        return new SlotView(id, true, inFlight);
    }

    /** A dead (crashed or not yet restarted) slot. */
    public static SlotView dead(int id) {
        return new SlotView(id, false, 0);
    }
}
