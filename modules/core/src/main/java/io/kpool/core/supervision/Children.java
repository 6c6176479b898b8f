package io.kpool.core.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One supervisor's slots in start order, found by slot, and brought down together at shutdown. */
final class Children {

    private final Map<Integer, Child> bySlot = new LinkedHashMap<>();
    private boolean shuttingDown;

    void add(Child child) {
        bySlot.put(child.slot(), child);
    }

    Collection<Child> inStartOrder() {
        return Collections.unmodifiableCollection(bySlot.values());
    }

    /**
     * The child of {@code slot}.
     *
     * @throws IllegalArgumentException when the slot is not supervised here
     */
    Child get(int slot) {
        Child child = bySlot.get(slot);
        if (child == null) {
            throw new IllegalArgumentException("slot " + slot + " is not supervised here; slots: " + bySlot.keySet());
        }
        return child;
    }

    Optional<Child> find(int slot) {
        return Optional.ofNullable(bySlot.get(slot));
    }

    /** The child of {@code slot} if {@code incarnation} is its process, alive or being started or stopped. */
    Optional<Child> current(int slot, long incarnation) {
        return find(slot).filter(c -> c.incarnation() == incarnation && c.state().hasProcess());
    }

    /** The crashed worker and those started after it, in start order. */
    List<Child> startedFrom(Child crashed) {
        List<Child> rest = new ArrayList<>();
        boolean after = false;
        for (Child c : bySlot.values()) {
            after |= c == crashed;
            if (after) {
                rest.add(c);
            }
        }
        return rest;
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /** Stops every worker, in reverse start order, and restarts none from now on. */
    void shutDown(Duration grace, Instant now, List<SupervisorCommand> out) {
        shuttingDown = true;
        List<Child> reversed = new ArrayList<>(bySlot.values());
        Collections.reverse(reversed);
        reversed.forEach(child -> child.shutDown(now, grace, out));
    }

    /** Whether every worker has stopped after a shutdown. */
    boolean stopped() {
        return shuttingDown && bySlot.values().stream().noneMatch(c -> c.state().hasProcess());
    }
}
