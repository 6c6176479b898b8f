package io.kpool.core.supervision;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a slot under its supervisor. The legal moves are this table; any other throws.
 *
 * <pre>
 *   STARTING    -> RUNNING (first heartbeat), STOPPING (timeout, shutdown, a sibling's crash),
 *                  BACKING_OFF, STARTING (died: restarted later or at once), STOPPED, GAVE_UP
 *   RUNNING     -> STOPPING, BACKING_OFF, STARTING, STOPPED (not to be restarted), GAVE_UP
 *   STOPPING    -> BACKING_OFF, STARTING, STOPPED, GAVE_UP (the process ended)
 *   BACKING_OFF -> STARTING (the wait is over), STOPPED (shutdown)
 *   STOPPED     -> BACKING_OFF (to be restarted with a crashed sibling's group)
 *   GAVE_UP     -> (none: quarantined until the supervisor restarts)
 * </pre>
 */
public enum SlotState {
    STARTING("starting"),
    RUNNING("running"),
    STOPPING("stopping"),
    BACKING_OFF("restarting"),
    STOPPED("stopped"),
    GAVE_UP("gave_up");

    private final String wireName;

    SlotState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in {@code WorkerStatus.state}. */
    public String wireName() {
        return wireName;
    }

    /** Whether a process runs (or is being started) for the slot. */
    public boolean hasProcess() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }

    /** The states this one may move to. */
    public Set<SlotState> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(RUNNING, STOPPING, BACKING_OFF, STARTING, STOPPED, GAVE_UP);
            case RUNNING -> EnumSet.of(STOPPING, BACKING_OFF, STARTING, STOPPED, GAVE_UP);
            case STOPPING -> EnumSet.of(BACKING_OFF, STARTING, STOPPED, GAVE_UP);
            case BACKING_OFF -> EnumSet.of(STARTING, STOPPED);
            case STOPPED -> EnumSet.of(BACKING_OFF);
            case GAVE_UP -> EnumSet.noneOf(SlotState.class);
        };
    }

    /**
     * This state's successor, checked against the table.
     *
     * @throws IllegalStateException when the move is not legal
     */
    public SlotState moveTo(SlotState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("a slot cannot go from " + this + " to " + target);
        }
        return target;
    }
}
