package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Its workers restarted too often ({@code --on-limit escalate}, the default): the supervisor stops
 * every worker and exits non-zero, for whatever supervises it to act.
 *
 * @param supervisor     its name
 * @param recentRestarts restarts within the window, the one refused included
 * @param maxRestarts    the most restarts allowed within the window
 * @param withinMs       the window
 * @param at             when (epoch millis)
 */
public record SupervisorGaveUp(String supervisor, int recentRestarts, int maxRestarts, long withinMs, long at)
        implements PoolEvent {
    public static final String TYPE = "supervisor_gave_up";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return "supervisor " + supervisor + " gave up: more than " + maxRestarts + " restarts within " + withinMs
                + " ms; stopping its workers and exiting";
    }
}
