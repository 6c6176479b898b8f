package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A supervisor stopped its workers and exited.
 *
 * @param supervisor its name
 * @param reason     why, e.g. {@code shutdown}
 * @param at         when (epoch millis)
 */
public record SupervisorStopped(String supervisor, String reason, long at) implements PoolEvent {
    public static final String TYPE = "supervisor_stopped";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return "supervisor " + supervisor + " stopped (" + reason + ")";
    }
}
