package io.kpool.transport;

import io.kpool.core.config.Require;

/**
 * How many partitions kpool's topics get when it creates them.
 *
 * @param slots            partitions of {@code tasks}: one per slot
 * @param jobPartitions    partitions of {@code jobs}: the most dispatchers that can share the load
 * @param resultPartitions partitions of {@code results}
 */
public record TopicLayout(int slots, int jobPartitions, int resultPartitions) {

    /** The most slots (and task partitions) one pool may have. */
    public static final int MAX_SLOTS = 1024;

    public TopicLayout {
        Require.between("slots", slots, 1, MAX_SLOTS);
        Require.between("jobPartitions", jobPartitions, 1, 1024);
        Require.between("resultPartitions", resultPartitions, 1, 1024);
    }

    /** {@code slots} task partitions, 4 job and 4 result partitions. */
    public static TopicLayout forSlots(int slots) {
        return new TopicLayout(slots, 4, 4);
    }
}
