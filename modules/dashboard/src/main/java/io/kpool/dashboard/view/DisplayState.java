package io.kpool.dashboard.view;

import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.WorkerCrashed;

/**
 * What a slot's row says, from its supervisor's word and the crashes seen on the events topic. The
 * supervisor restarts a crashed worker at once, so its own state goes from {@code running} to
 * {@code starting}; a person wants to see that the worker crashed, so a crash stays on the row until
 * an incarnation newer than the one that crashed runs.
 */
public enum DisplayState {
    RUNNING("running"),
    STARTING("starting"),
    CRASHED("crashed"),
    RESTARTING("restarting"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    GAVE_UP("gave_up"),
    UNKNOWN("unknown");

    private final String wireName;

    DisplayState(String wireName) {
        this.wireName = wireName;
    }

    /** The name the page shows and colours by. */
    public String wireName() {
        return wireName;
    }

    /**
     * The state to show.
     *
     * @param status    the slot's latest state from its supervisor
     * @param lastCrash the latest crash of the slot seen on the events topic, or null
     */
    public static DisplayState of(WorkerStatus status, WorkerCrashed lastCrash) {
        String state = status.state();
        if ("gave_up".equals(state)) {
            return GAVE_UP;
        }
        if ("stopped".equals(state)) {
            return STOPPED;
        }
        if (lastCrash != null && crashStands(state, status.incarnation(), lastCrash.incarnation())) {
            return CRASHED;
        }
        return switch (state) {
            case "running" -> RUNNING;
            case "starting" -> STARTING;
            case "restarting" -> RESTARTING;
            case "stopping" -> STOPPING;
            default -> UNKNOWN;
        };
    }

    /**
     * Whether a crash of incarnation {@code crashed} is still the news: no newer incarnation runs yet.
     * A state published before the crash was noticed (running, of the crashed incarnation) does not
     * clear it (nor does a state that lags behind the event); a crash older than the incarnation
     * before the current one is history.
     */
    private static boolean crashStands(String state, long incarnation, long crashed) {
        if (incarnation > crashed) {
            return incarnation == crashed + 1 && !"running".equals(state);
        }
        return true;
    }
}
