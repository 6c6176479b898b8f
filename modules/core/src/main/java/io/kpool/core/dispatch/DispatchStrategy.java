package io.kpool.core.dispatch;

import java.util.List;
import java.util.OptionalInt;

/**
 * Picks the slot for the next job. Implementations may keep state between calls (a cursor) and are
 * used by one thread.
 */
public interface DispatchStrategy {

    /**
     * The slot for the next job, chosen among the live ones.
     *
     * @param slots every known slot, in any order; dead ones are never chosen
     * @return the chosen slot's id, or empty when no slot is alive
     */
    OptionalInt choose(List<SlotView> slots);

    /** The name users select the strategy by. */
    String name();
}
