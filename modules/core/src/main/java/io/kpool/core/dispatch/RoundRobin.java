package io.kpool.core.dispatch;

import java.util.List;
import java.util.OptionalInt;

/**
 * The seed's dispatcher: jobs go to the live slots in turn, by ascending id, skipping dead ones.
 * After slot {@code k} comes the live slot with the next larger id, wrapping around.
 */
public final class RoundRobin implements DispatchStrategy {

    public static final String NAME = "round-robin";

    private int last = -1;

    @Override
    public OptionalInt choose(List<SlotView> slots) {
        int firstLive = Integer.MAX_VALUE;
        int next = Integer.MAX_VALUE;
        for (SlotView slot : slots) {
            if (!slot.alive()) {
                continue;
            }
            firstLive = Math.min(firstLive, slot.id());
            if (slot.id() > last) {
                next = Math.min(next, slot.id());
            }
        }
        if (firstLive == Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        last = next != Integer.MAX_VALUE ? next : firstLive;
        return OptionalInt.of(last);
    }

    @Override
    public String name() {
        return NAME;
    }
}
