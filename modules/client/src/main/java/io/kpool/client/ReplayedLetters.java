package io.kpool.client;

import java.util.IdentityHashMap;
import java.util.Map;

/** The dead letters replays take out of the count: how many of each slot's and each id's. */
final class ReplayedLetters {
    final Map<Object, Integer> out = new IdentityHashMap<>();
    long count;

    /** A jobs record's dead letters that are not replayed. */
    int standing(AuditSlot slot) {
        return slot.letters - out.getOrDefault(slot, 0);
    }

    /** An id's dead letters from outside the jobs topic (a worker's) that are not replayed. */
    int standing(AuditTally tally) {
        return tally.workerLetters - out.getOrDefault(tally, 0);
    }
}
