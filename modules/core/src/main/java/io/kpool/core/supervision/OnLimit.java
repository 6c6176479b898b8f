package io.kpool.core.supervision;

import io.kpool.core.config.ConfigException;
import java.util.Locale;

/** What a supervisor does when restarts come faster than its intensity allows. */
public enum OnLimit {
    /**
     * As OTP does: stop every worker and give up, so that whatever supervises the supervisor
     * (compose, Kubernetes, {@code kpool up}) takes over. The limit counts the supervisor's restarts.
     */
    ESCALATE,
    /** Park only the worker that restarts too often; the others carry on. The limit counts per worker. */
    QUARANTINE;

    /** The name users write. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reaction of that name. */
    public static OnLimit named(String key, String name) {
        for (OnLimit o : values()) {
            if (o.wireName().equals(name)) {
                return o;
            }
        }
        throw new ConfigException(key, "must be escalate or quarantine, but was '" + name + "'");
    }
}
