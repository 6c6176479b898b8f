package io.kpool.core.supervision;

import io.kpool.core.config.ConfigException;
import java.util.Locale;

/** Which workers a crash brings down with it, as in OTP's {@code supervisor}. */
public enum Strategy {
    /** Only the crashed worker is restarted. */
    ONE_FOR_ONE,
    /** Every worker of the supervisor is stopped (in reverse start order) and all are restarted (in start order). */
    ONE_FOR_ALL,
    /** The crashed worker and every worker started after it are stopped and restarted. */
    REST_FOR_ONE;

    /** The name users write, e.g. {@code one_for_all}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy of that name. */
    public static Strategy named(String key, String name) {
        for (Strategy s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new ConfigException(key, "must be one_for_one, one_for_all or rest_for_one, but was '" + name + "'");
    }
}
