package io.kpool.protocol;

/**
 * Where a slot's worker stands on its task partition, on {@code <prefix>.positions} (partition =
 * slot, key = slot). Written in the same transaction as the results of the tasks it covers, so the
 * last committed one is exactly where the slot's committed work ends: a new incarnation reads it
 * after fencing its predecessors and takes the task at {@code next}.
 *
 * @param slot        the slot
 * @param next        the offset of the next task to take in the slot's partition of {@code <prefix>.tasks}
 * @param incarnation the incarnation that committed it (0 for a slot's evacuation)
 * @param at          when it was written (epoch millis)
 */
public record Position(int slot, long next, long incarnation, long at) {
}
