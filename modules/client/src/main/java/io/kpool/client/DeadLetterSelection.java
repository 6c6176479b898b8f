package io.kpool.client;

import io.kpool.core.config.ConfigException;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.DeadLetterReason;
import java.util.Collection;
import java.util.Set;

/**
 * Which dead letters a command takes: those of some jobs, those of one reason, or all. Both
 * conditions hold when both are given.
 *
 * @param ids    the job ids to take (a dead letter without a job id matches none); empty for any
 * @param reason the reason to take, a {@link DeadLetterReason} wire name; null for any
 */
public record DeadLetterSelection(Set<String> ids, String reason) {

    public DeadLetterSelection {
        ids = Set.copyOf(ids);
        if (reason != null && DeadLetterReason.ofWireName(reason).isEmpty()) {
            throw new IllegalArgumentException("no dead-letter reason is named '" + reason + "'");
        }
    }

    /** Every dead letter. */
    public static DeadLetterSelection all() {
        return new DeadLetterSelection(Set.of(), null);
    }

    /** The dead letters of these jobs. */
    public static DeadLetterSelection ofIds(Collection<String> ids) {
        return new DeadLetterSelection(Set.copyOf(ids), null);
    }

    /**
     * The dead letters of one reason, named as on the wire.
     *
     * @param key the setting that named it, e.g. {@code --reason}
     * @throws ConfigException naming the key, the value and the reasons there are, when no reason has that name
     */
    public static DeadLetterSelection ofReason(String key, String reason) {
        return new DeadLetterSelection(Set.of(), checkedReason(key, reason));
    }

    /** This selection, narrowed to one reason (checked as {@link #ofReason(String, String)} does). */
    public DeadLetterSelection withReason(String key, String name) {
        return new DeadLetterSelection(ids, checkedReason(key, name));
    }

    /** Whether the selection takes this dead letter. */
    public boolean test(DeadLetter letter) {
        return (ids.isEmpty() || letter.jobId() != null && ids.contains(letter.jobId()))
                && (reason == null || reason.equals(letter.reason()));
    }

    private static String checkedReason(String key, String name) {
        if (name == null || DeadLetterReason.ofWireName(name).isEmpty()) {
            throw new ConfigException(key, "must be one of " + String.join(", ", DeadLetterReason.wireNames())
                    + ", but was '" + name + "'");
        }
        return name;
    }
}
