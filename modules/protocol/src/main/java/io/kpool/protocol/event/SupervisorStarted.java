package io.kpool.protocol.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A supervisor took charge of its slots.
 *
 * @param supervisor its name
 * @param slots      the slots it owns
 * @param pid        its process id
 * @param at         when (epoch millis)
 */
public record SupervisorStarted(String supervisor, List<Integer> slots, long pid, long at) implements PoolEvent {
    public static final String TYPE = "supervisor_started";

    @Override
    @JsonIgnore
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return "supervisor " + supervisor + " started with slots " + slots + " (pid " + pid + ")";
    }
}
