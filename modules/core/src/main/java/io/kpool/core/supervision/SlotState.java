package io.kpool.core.supervision;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a slot under its supervisor. The legal moves are this table; any other throws.
 *
 * <pre>
 *   STARTING    -> RUNNING (first heartbeat), STOPPING (start timeout, shutdown),
 *                  BACKING_OFF (died while starting), STARTING (died, restarted at once), STOPPED
 *   RUNNING     -> STOPPING (heartbeat timeout, shutdown), BACKING_OFF (died), STARTING (died, restarted at once)
 *   STOPPING    -> BACKING_OFF (killed after a timeout), STARTING (killed, restarted at once), STOPPED (shutdown)
 *   BACKING_OFF -> STARTING (the wait is over), STOPPED (shutdown)
 *   STOPPED     -> (none)
 * </pre>
 */
public enum SlotState {
    STARTING("starting"),
    RUNNING("running"),
    STOPPING("stopping"),
    BACKING_OFF("restarting"),
    STOPPED("stopped");

    private final String wireName;

    SlotState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in {@code WorkerStatus.state}. */
    public String wireName() {
        return wireName;
    }

    /** The states this one may move to. */
    public Set<SlotState> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(RUNNING, STOPPING, BACKING_OFF, STARTING, STOPPED);
            case RUNNING -> EnumSet.of(STOPPING, BACKING_OFF, STARTING);
            case STOPPING -> EnumSet.of(BACKING_OFF, STARTING, STOPPED);
            case BACKING_OFF -> EnumSet.of(STARTING, STOPPED);
            case STOPPED -> EnumSet.noneOf(SlotState.class);
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
