package io.kpool.core.supervision;

import io.kpool.core.config.ConfigException;
import java.util.Locale;

/** When a worker that ended is started again, as in OTP's child specs. */
public enum RestartType {
    /** Always, whatever the exit. */
    PERMANENT,
    /** Only after an abnormal end: a non-zero status, a signal, or a kill for a timeout. */
    TRANSIENT,
    /** Never, not even when a sibling's crash stops it (one_for_all, rest_for_one). */
    TEMPORARY;

    /** The name users write, e.g. {@code transient}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The restart type of that name. */
    public static RestartType named(String key, String name) {
        for (RestartType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new ConfigException(key, "must be permanent, transient or temporary, but was '" + name + "'");
    }
}
