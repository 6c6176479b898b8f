package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A dispatcher turned a cancel request away and changed nothing.
 *
 * @param jobId  the id the request named
 * @param reason {@code unknown}: no job with this id was accepted within the dedupe window
 * @param at     when (epoch millis)
 */
public record CancelRefused(String jobId, String reason, long at) implements PoolEvent {
    public static final String TYPE = "cancel_refused";
    /** No job with the id was accepted within the dispatcher's dedupe window. */
    public static final String UNKNOWN = "unknown";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return "cancel of job " + jobId + " refused: " + reason;
    }
}
