package io.kpool.protocol;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names kpool uses on a Kafka cluster, all derived from one prefix (default {@code kpool}):
 * topics {@code <prefix>.jobs}, {@code .tasks}, {@code .results}, {@code .dead-letters},
 * {@code .heartbeats}, {@code .workers}, {@code .events}, {@code .positions}, {@code .cancels}; consumer groups and transactional ids
 * {@code <prefix>-dispatcher} and {@code <prefix>-worker-<slot>}.
 *
 * @param prefix the prefix shared by every name; letters, digits, {@code .}, {@code _} and {@code -}
 */
public record Topics(String prefix) {

    /** The prefix used when none is given. */
    public static final String DEFAULT_PREFIX = "kpool";

    /** Kafka's longest topic name is 249 characters; leave room for the longest suffix. */
    public static final int MAX_PREFIX_LENGTH = 200;

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]+");

    public Topics {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("topic prefix cannot be blank");
        }
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix may use only letters, digits, '.', '_' and '-', but was '" + prefix + "'");
        }
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("topic prefix must be at most " + MAX_PREFIX_LENGTH
                    + " characters, but was " + prefix.length());
        }
    }

    /** The names for the default prefix. */
    public static Topics ofDefaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    /** Jobs from any client: key = job id, value = {@link Job}. */
    public String jobs() {
        return prefix + ".jobs";
    }

    /** Jobs routed to a slot: partition i belongs to slot i; value = {@link Task}. */
    public String tasks() {
        return prefix + ".tasks";
    }

    /** One {@link Result} per job, written transactionally by the workers. */
    public String results() {
        return prefix + ".results";
    }

    /** Jobs that cannot be run, with the reason: {@link DeadLetter}. */
    public String deadLetters() {
        return prefix + ".dead-letters";
    }

    /** Liveness and progress of each worker: {@link Heartbeat}; short retention. */
    public String heartbeats() {
        return prefix + ".heartbeats";
    }

    /** The latest {@link WorkerStatus} of each slot; compacted. */
    public String workers() {
        return prefix + ".workers";
    }

    /** Every lifecycle change, broadcast to whoever listens: {@link io.kpool.protocol.event.PoolEvent}. */
    public String events() {
        return prefix + ".events";
    }

    /**
     * Where each slot's worker stands on its task partition: {@link Position}, written in the
     * worker's own transactions, partition i for slot i (like {@link #tasks()}); compacted.
     */
    public String positions() {
        return prefix + ".positions";
    }

    /**
     * Jobs waiting for their {@code runAt}, held by the dispatchers: partition {@code i} holds those
     * of partition {@code i} of {@link #jobs()}; compacted.
     */
    public String delayed() {
        return prefix + ".delayed";
    }

    /**
     * The cancel orders of the dispatchers, {@link CancelOrder}: jobs the workers must not run, and
     * must stop running; one partition, read whole by every worker.
     */
    public String cancels() {
        return prefix + ".cancels";
    }

    /** Every topic, in a stable order. */
    public List<String> all() {
        return List.of(jobs(), tasks(), results(), deadLetters(), heartbeats(), workers(), events(), positions(),
                delayed(), cancels());
    }

    /** The consumer group the dispatchers share on {@link #jobs()}. */
    public String dispatcherGroup() {
        return prefix + "-dispatcher";
    }

    /**
     * The consumer group under which a slot's worker committed its task offsets before kpool kept
     * them in {@link #positions()}: read once, by a worker that finds no position of its slot.
     */
    public String workerGroup(int slot) {
        return workerStem() + slot;
    }

    /** The transactional id of a slot's worker: a new incarnation fences the previous one. */
    public String workerTransactionalId(int slot) {
        return workerStem() + slot;
    }

    /** What every worker's group and transactional id starts with: {@code <prefix>-worker-}. */
    public String workerStem() {
        return prefix + "-worker-";
    }

    /** The transactional id of one dispatcher instance. */
    public String dispatcherTransactionalId(String instance) {
        return prefix + "-dispatcher-" + instance;
    }
}
