package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A worker restarted too often ({@code --on-limit quarantine}): its supervisor parked it; it gets no
 * jobs and is not restarted until its supervisor is.
 *
 * @param workerId       the slot
 * @param incarnation    the incarnation that ended last
 * @param recentRestarts its restarts within the window, the one refused included
 * @param maxRestarts    the most restarts allowed within the window
 * @param withinMs       the window
 * @param at             when (epoch millis)
 */
public record WorkerGaveUp(int workerId, long incarnation, int recentRestarts, int maxRestarts, long withinMs, long at)
        implements WorkerEvent {
    public static final String TYPE = "worker_gave_up";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return "worker " + workerId + " gave up: more than " + maxRestarts + " restarts within " + withinMs
                + " ms; quarantined (incarnation " + incarnation + ")";
    }
}
