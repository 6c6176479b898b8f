package io.kpool.core.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A one_for_all or rest_for_one restart in progress: the slots to start again, the ones still
 * being stopped, and the earliest time to start them (the crashed worker's backoff).
 */
final class GroupRestart {

    private final Set<Integer> members = new HashSet<>();
    private final Set<Integer> awaited = new HashSet<>();
    private Instant notBefore;

    GroupRestart(Instant notBefore) {
        this.notBefore = notBefore;
    }

    void add(int slot) {
        members.add(slot);
    }

    void awaiting(int slot) {
        awaited.add(slot);
    }

    void ended(int slot) {
        awaited.remove(slot);
    }

    void notBefore(Instant time) {
        if (time.isAfter(notBefore)) {
            notBefore = time;
        }
    }

    boolean includes(int slot) {
        return members.contains(slot);
    }

    /**
     * Brings the group's running members down (SIGTERM in reverse start order) for a restart
     * with {@code crashed}; members already down wait with it.
     *
     * @param members the workers concerned, in start order
     */
    void gather(Child crashed, List<Child> members, Duration grace, Instant now, List<SupervisorCommand> out) {
        crashed.awaitGroup();
        add(crashed.slot());
        out.add(crashed.publish(now));
        List<Child> reversed = new ArrayList<>(members);
        Collections.reverse(reversed);
        for (Child c : reversed) {
            if (c == crashed || !c.restartable()) {
                continue;
            }
            add(c.slot());
            if (c.stopForGroup(grace, now, out)) {
                awaiting(c.slot());
            }
        }
    }

    /** Starts every member that waits, in start order. */
    void restart(Collection<Child> inStartOrder, Instant now, List<SupervisorCommand> out) {
        for (Child c : inStartOrder) {
            if (includes(c.slot()) && c.restartable() && c.state() == SlotState.BACKING_OFF) {
                c.restart(now, out);
            }
        }
    }

    /** Every member has stopped and the wait is over. */
    boolean ready(Instant now) {
        return awaited.isEmpty() && !now.isBefore(notBefore);
    }
}
