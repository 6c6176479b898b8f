package io.kpool.core.dispatch;

import java.util.List;
import java.util.OptionalInt;

/**
 * The seed's exercise: each job goes to the live slot with the fewest jobs in flight for the jobs
 * its worker runs at once ({@code --concurrency}): 4 in flight on a worker of 8 lanes is less busy
 * than 1 on a worker of 1. Among equally busy slots it takes turns (the first after the one it
 * chose last), so equal loads spread evenly.
 */
public final class LeastBusy implements DispatchStrategy {

    public static final String NAME = "least-busy";

    private int last = -1;

    @Override
    public OptionalInt choose(List<SlotView> slots) {
        SlotView best = null;
        for (SlotView slot : slots) {
            if (slot.alive() && (best == null || better(slot, best))) {
                best = slot;
            }
        }
        if (best == null) {
            return OptionalInt.empty();
        }
        last = best.id();
        return OptionalInt.of(last);
    }

    private boolean better(SlotView candidate, SlotView best) {
        // inFlight / lanes, compared without division
        long load = candidate.inFlight() * best.lanes();
        long bestLoad = best.inFlight() * candidate.lanes();
        if (load != bestLoad) {
            return load < bestLoad;
        }
        return turnOrder(candidate.id()) < turnOrder(best.id());
    }

    /** Ids after the last chosen come first, then the rest from the lowest: a rotating tie-break. */
    private long turnOrder(int id) {
        return id > last ? id : (long) id + Integer.MAX_VALUE;
    }

    @Override
    public String name() {
        return NAME;
    }
}
