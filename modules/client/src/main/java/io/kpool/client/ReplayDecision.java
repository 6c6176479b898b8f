package io.kpool.client;

import io.kpool.protocol.Job;

/**
 * What {@code kpool replay} does with one dead letter it was asked to replay.
 *
 * @param letter the dead letter
 * @param action whether it is replayed, and if not why not
 * @param job    for {@link Action#REPLAY}: the job written to {@code <prefix>.jobs}, a later attempt of the
 *               dead-lettered job naming the dead letter it replays; else null
 * @param detail for a person: the job and its attempt, the replay already written, or why the dead
 *               letter cannot be replayed
 */
public record ReplayDecision(DeadLetterRecord letter, Action action, Job job, String detail) {

    /** Whether a dead letter is replayed. */
    public enum Action {
        /** The job is written to the jobs topic again (with {@code --dry-run}: would be). */
        REPLAY,
        /** A replay of this dead letter is on the jobs topic already: it is not written twice. */
        ALREADY_REPLAYED,
        /** The dead letter holds no job that can run as it is (malformed input, a duplicate id, ...). */
        NOT_REPLAYABLE
    }
}
