package io.kpool.protocol;

import java.util.List;

/**
 * Where a slot's worker stands on its task partition, on {@code <prefix>.positions} (partition =
 * slot, key = slot). Written in the same transaction as the results of the tasks it covers, so the
 * last committed one is exactly where the slot's committed work ends: a new incarnation reads it
 * after fencing its predecessors and takes the task at {@code next}.
 *
 * @param slot        the slot
 * @param next        the offset of the lowest task not yet done in the slot's partition of
 *                    {@code <prefix>.tasks}: the next to take
 * @param done        offsets above {@code next} whose tasks are done already (a worker running
 *                    several at once finishes them out of order): skipped by the next taker; empty
 *                    when none
 * @param incarnation the incarnation that committed it
 * @param at          when it was written (epoch millis)
 */
public record Position(int slot, long next, List<Long> done, long incarnation, long at) {

    public Position {
        done = done == null ? List.of() : List.copyOf(done);
    }
}
