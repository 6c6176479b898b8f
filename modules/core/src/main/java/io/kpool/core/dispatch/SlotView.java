package io.kpool.core.dispatch;

/**
 * What a strategy knows of one slot.
 *
 * @param id       the slot
 * @param alive    whether it takes jobs now
 * @param inFlight jobs routed to it and not yet finished, as far as the dispatcher knows
 */
public record SlotView(int id, boolean alive, long inFlight) {

    /** A live slot with the given load. */
    public static SlotView live(int id, long inFlight) {
        return new SlotView(id, true, inFlight);
    }

    /** A dead (crashed or not yet restarted) slot. */
    public static SlotView dead(int id) {
        return new SlotView(id, false, 0);
    }
}
