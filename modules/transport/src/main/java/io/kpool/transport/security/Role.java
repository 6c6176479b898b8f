package io.kpool.transport.security;

import java.util.Locale;

/**
 * The roles that talk to Kafka, one principal each on a secured cluster. What each may do is
 * {@link PoolAcls}'s table.
 */
public enum Role {
    /** {@code kpool submit}, {@code status}, {@code watch}, {@code kill}, and any client of the wire contract. */
    CLIENT,
    /** A worker process (and a supervisor's spares and class-data training run). */
    WORKER,
    /** A dispatcher. */
    DISPATCHER,
    /** A supervisor, and the evacuation it starts for a slot that will not run again. */
    SUPERVISOR;

    /** The role's name on the command line: {@code client}, {@code worker}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The user name the secured embedded broker gives the role: {@code kpool-client}, ... */
    public String userName() {
        return "kpool-" + wireName();
    }

    /** The principal kpool assumes for the role unless told otherwise: {@code User:kpool-client}, ... */
    public String defaultPrincipal() {
        return "User:" + userName();
    }

    /** The role of a name given on the command line. */
    public static Role named(String key, String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new io.kpool.core.config.ConfigException(key, "names no role: '" + name
                + "' (one of client, worker, dispatcher, supervisor)");
    }
}
